// The token commands' -accessor-id flag and its deprecated spelling -id (hidden from the
// help, as Consul registers it after building the help text).

import type { CommandContext } from '../../command.js';
import type { FlagDefs } from '../../flags.js';

export function accessorFlags(usage: string): FlagDefs {
  return {
    'accessor-id': { kind: 'string', usage },
    id: { kind: 'string', usage: 'DEPRECATED. Use -accessor-id instead.', hidden: true },
  };
}

/** -accessor-id, else -id with Consul's warning; undefined (after `missing`) when neither is given. */
export function accessorArgument(context: CommandContext, missing: string, warning: string): string | undefined {
  const accessor = context.flags.string('accessor-id');
  if (accessor !== '') return accessor;
  const id = context.flags.string('id');
  if (id === '') {
    context.ui.error(missing);
    return undefined;
  }
  context.ui.error(warning);
  return id;
}
