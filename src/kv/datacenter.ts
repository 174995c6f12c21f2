import { kvError } from '../errors.js';

/** The one datacenter this gateway serves; any other answers as Consul does without a WAN path. */
export class Datacenter {
  constructor(readonly name: string) {}

  /** Throws UNKNOWN_DATACENTER unless requested is '' (local) or this datacenter. */
  check(requested: string): void {
    if (requested !== '' && requested !== this.name) throw kvError('UNKNOWN_DATACENTER');
  }
}
