// The KEY_OR_PREFIX argument of `kv get`, `kv delete` and `kv export`, read as Consul's kv
// commands read it: at most one, "" when absent, and a leading "/" dropped (keys cannot
// start with one, but users type "/foo").

import { fail, type Ui } from '../command.js';

/** The key, or undefined after printing Consul's error: too many arguments, or none where one is `required`. */
export function keyArgument(ui: Ui, args: readonly string[], required: boolean): string | undefined {
  if (args.length > 1) {
    fail(ui, `Too many arguments (expected 1, got ${args.length})`);
    return undefined;
  }
  const key = (args[0] ?? '').replace(/^\//, '');
  if (key === '' && required) {
    fail(ui, 'Error! Missing KEY argument');
    return undefined;
  }
  return key;
}
