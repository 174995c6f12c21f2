// The flags and help text of `kvgate watch` (command/watch/watch.go).

import type { FlagDefs } from '../flags.js';

export const WATCH_FLAGS: FlagDefs = {
  type: {
    kind: 'string',
    usage: 'Specifies the watch type. One of key, keyprefix, services, nodes, service, checks, or event. kvgate serves key and keyprefix.',
  },
  key: { kind: 'string', usage: "Specifies the key to watch. Only for 'key' type." },
  prefix: { kind: 'string', usage: "Specifies the key prefix to watch. Only for 'keyprefix' type." },
  service: { kind: 'string', usage: "Specifies the service to watch. Required for 'service' type, optional for 'checks' type." },
  tag: { kind: 'list', usage: "Specifies the service tag(s) to filter on. Optional for 'service' type. May be specified multiple times" },
  passingonly: {
    kind: 'string',
    usage: "Specifies if only hosts passing all checks are displayed. Optional for 'service' type, must be one of `[true|false]`. Defaults false.",
  },
  shell: {
    kind: 'bool',
    default: true,
    usage: 'Use a shell to run the command (can set a custom shell via the SHELL environment variable).',
  },
  state: { kind: 'string', usage: "Specifies the states to watch. Optional for 'checks' type." },
  name: { kind: 'string', usage: "Specifies an event name to watch. Only for 'event' type." },
  filter: { kind: 'string', usage: 'Filter to use with the request' },
};

export const WATCH_HELP = `
Usage: kvgate watch [options] [child...]

  Watches for changes in a given data view from the key-value store. If a
  child process is specified, it will be invoked with the latest results on
  changes: the result as JSON on its stdin and the index in CONSUL_INDEX.
  Otherwise, the latest values are dumped to stdout and the watch terminates.

      $ kvgate watch -type=key -key=app/config
      $ kvgate watch -type=keyprefix -prefix=app/ ./reload.sh

  Providing the watch type is required, and other parameters may be required
  or supported depending on the watch type.
`;
