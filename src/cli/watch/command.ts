// `kvgate watch` — command/watch/watch.go for the KV watch types (`-type=key -key=K`,
// `-type=keyprefix -prefix=P`): run a handler with each new result on stdin and
// CONSUL_INDEX in its environment, or print the first result and exit.

import { encodeJson } from '../../go/json-encode.js';
import { parseBool } from '../../go/strconv.js';
import { Child } from '../child.js';
import { commandHelp, fail, type Command, type CommandContext } from '../command.js';
import { apiErrorText, connect } from '../consul/connect.js';
import { HTTP_FLAGS } from '../consul/http-flags.js';
import { KvApi, kvPairJson } from '../consul/kv.js';
import { statusLeader } from '../consul/session.js';
import { runPlan, type Watcher } from './plan.js';
import { WATCH_FLAGS, WATCH_HELP } from './help.js';

/** Every type Consul's watch knows; kvgate serves the KV ones. */
const CONSUL_TYPES = ['key', 'keyprefix', 'services', 'nodes', 'service', 'checks', 'event', 'connect_roots', 'connect_leaf', 'agent_service'];

export const watchCommand: Command = {
  name: 'watch',
  synopsis: 'Watch for changes in the KV store',
  help: WATCH_HELP,
  flags: { ...WATCH_FLAGS, ...HTTP_FLAGS },
  run,
};

async function run(context: CommandContext): Promise<number> {
  const { flags, args, ui } = context;
  const type = flags.string('type');
  if (type === '') {
    ui.error('Watch type must be specified');
    ui.error('');
    return fail(ui, commandHelp(watchCommand));
  }
  // Consul's watch loads the token first and prints that error without a prefix.
  const client = connect(context, '');
  if (!client) return 1;
  const stop = new AbortController();
  try {
    // The parameters consul/api/watch.Parse would see; each watch type consumes its own.
    const params = new Map<string, string>();
    for (const name of ['key', 'prefix', 'service', 'filter', 'state', 'name', 'passingonly']) {
      if (flags.string(name) !== '') params.set(name, flags.string(name));
    }
    if (flags.list('tag').length > 0) params.set('tag', '');
    const passingOnly = params.get('passingonly');
    if (passingOnly !== undefined) {
      const parsed = parseBool(passingOnly);
      if (!parsed.ok) return fail(ui, `Failed to parse passingonly flag: ${parsed.error.message}`);
    }
    if (!CONSUL_TYPES.includes(type)) return fail(ui, `Unsupported watch type: ${type}`);
    if (type !== 'key' && type !== 'keyprefix') {
      return fail(ui, `Type ${type} is not supported by kvgate, which serves the KV store only (use -type=key or -type=keyprefix)`);
    }
    const field = type === 'key' ? 'key' : 'prefix';
    const target = params.get(field) ?? '';
    params.delete(field);
    if (target === '') return fail(ui, `Must specify a single ${field} to watch`);
    if (params.size > 0) return fail(ui, `Invalid parameters: [${[...params.keys()].sort().join(' ')}]`);

    try {
      await statusLeader(client);
    } catch (err) {
      return fail(ui, `Error querying Consul agent: ${apiErrorText(err)}`);
    }

    const kv = new KvApi(client);
    const stale = client.stale;
    const watcher: Watcher =
      type === 'key'
        ? async (index, signal) => {
            const read = await kv.get(target, { stale, index, signal });
            return { index: read.index, result: read.value === null ? null : kvPairJson(read.value) };
          }
        : async (index, signal) => {
            const read = await kv.list(target, { stale, index, signal });
            return { index: read.index, result: read.value === null ? null : read.value.map(kvPairJson) };
          };

    // Consul exits 0 at once on SIGINT/SIGTERM; a running handler gets the signal too.
    let handlerChild: Child | undefined;
    const forward = (signal: NodeJS.Signals) => {
      handlerChild?.signal(signal);
      stop.abort();
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    let exitCode = 0;
    try {
      await runPlan(
        type,
        watcher,
        async (index, result) => {
          if (args.length === 0) {
            ui.info(encodeJson(result, '    '));
            return false;
          }
          handlerChild = new Child({ args, shell: flags.bool('shell'), env: { ...context.env, CONSUL_INDEX: index.toString() }, stdin: Buffer.from(`${encodeJson(result)}\n`) });
          const exit = await handlerChild.exited;
          handlerChild = undefined;
          if (exit.error === null) return true;
          ui.error(`Error ${exit.started ? 'executing' : 'starting'} handler: ${exit.error}`);
          exitCode = 1;
          return false;
        },
        stop.signal,
        (line) => ui.error(line),
      );
    } finally {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    }
    return stop.signal.aborted ? 0 : exitCode;
  } finally {
    client.close();
  }
}
