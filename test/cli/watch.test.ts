import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';
import { b64, writeAndIndex, writeKey } from '../support/consul.js';
import { waitFor } from '../support/wait.js';

// `kvgate watch -type=key|keyprefix`: print the first result and exit, or run
// a handler with the result on stdin and CONSUL_INDEX for every change.

const cli = useCliFixture();

/** Handler that appends "index=<CONSUL_INDEX> <stdin>" to $LOG, one line per call. */
const RECORD = 'printf "index=%s %s\\n" "$CONSUL_INDEX" "$(cat)" >> "$LOG"';

function handlerLog() {
  const log = join(tempDir('watch'), 'log');
  return { env: cli.env({ LOG: log }), calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') : []) };
}

describe('kvgate watch without a handler', () => {
  it('prints the key as Go\'s api.KVPair JSON (4-space indent, Session always present) and exits 0', async () => {
    const index = await writeAndIndex(cli, 'app/config', 'on');
    const expected = ['{', '    "Key": "app/config",', `    "CreateIndex": ${index},`, `    "ModifyIndex": ${index},`, '    "LockIndex": 0,', '    "Flags": 0,', `    "Value": "${b64('on')}",`, '    "Session": ""', '}'];
    expect(await cli.kvgate(['watch', '-type=key', '-key=app/config'])).toMatchObject({ code: 0, stdout: `${expected.join('\n')}\n`, stderr: '' });
  });

  it('prints null for a missing key or an empty prefix', async () => {
    expect(await cli.kvgate(['watch', '-type=key', '-key=missing'])).toMatchObject({ code: 0, stdout: 'null\n' });
    expect(await cli.kvgate(['watch', '-type=keyprefix', '-prefix=none/'])).toMatchObject({ code: 0, stdout: 'null\n' });
  });

  it('prints the entries under a prefix as a JSON array', async () => {
    await writeKey(cli, 'p/a', '1');
    await writeKey(cli, 'p/b', '2');
    const { code, stdout } = await cli.kvgate(['watch', '-type=keyprefix', '-prefix=p/']);
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as Array<{ Key: string; Value: string }>;
    expect(entries.map((e) => [e.Key, e.Value])).toEqual([
      ['p/a', b64('1')],
      ['p/b', b64('2')],
    ]);
    expect(stdout).toMatch(/^\[\n {4}\{\n {8}"Key": "p\/a",/);
  });
});

describe('kvgate watch with a handler', () => {
  it('runs it at start and on each change, with the JSON on stdin and CONSUL_INDEX; not for no-op or unrelated writes', async () => {
    const { env, calls } = handlerLog();
    const watch = cli.start(['watch', '-type=key', '-key=cfg', RECORD], { env });
    await waitFor(() => calls().length === 1, 'the first handler call');
    expect(calls()[0]).toMatch(/^index=\d+ null$/);

    const first = await writeAndIndex(cli, 'cfg', 'v1');
    await waitFor(() => calls().length === 2, 'the handler call for v1');
    expect(calls()[1]).toBe(`index=${first} {"Key":"cfg","CreateIndex":${first},"ModifyIndex":${first},"LockIndex":0,"Flags":0,"Value":"${b64('v1')}","Session":""}`);

    await writeKey(cli, 'cfg', 'v1'); // same value: no change
    await writeKey(cli, 'cfg-other', 'x'); // another key
    const second = await writeAndIndex(cli, 'cfg', 'v2');
    await waitFor(() => calls().length >= 3, 'the handler call for v2');
    expect(calls().slice(2)).toEqual([`index=${second} {"Key":"cfg","CreateIndex":${first},"ModifyIndex":${second},"LockIndex":0,"Flags":0,"Value":"${b64('v2')}","Session":""}`]);

    watch.child.kill('SIGTERM');
    expect((await watch.exited).code).toBe(0);
  });

  it('watches a prefix: a change to any key under it runs the handler with the whole list', async () => {
    await writeKey(cli, 'svc/a', '1');
    const { env, calls } = handlerLog();
    cli.start(['watch', '-type=keyprefix', '-prefix=svc/', RECORD], { env });
    await waitFor(() => calls().length === 1, 'the first handler call');
    const index = await writeAndIndex(cli, 'svc/b', '2');
    await waitFor(() => calls().length === 2, 'the handler call after the change');
    const [, json] = /^index=(?:\d+) (.*)$/.exec(calls()[1] as string) ?? [];
    expect(calls()[1]).toMatch(new RegExp(`^index=${index} `));
    expect((JSON.parse(json as string) as Array<{ Key: string }>).map((e) => e.Key)).toEqual(['svc/a', 'svc/b']);
  });

  it('stops with exit 1 when the handler fails', async () => {
    await writeKey(cli, 'k', 'v');
    const result = await cli.kvgate(['watch', '-type=key', '-key=k', 'exit 4']);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Error executing handler: exit status 4\n' });
  });

  it('fails clearly when the agent cannot be reached', async () => {
    const result = await cli.kvgate(['watch', '-http-addr=127.0.0.1:1', '-type=key', '-key=k']);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toBe('Error querying Consul agent: Get "http://127.0.0.1:1/v1/status/leader": dial tcp 127.0.0.1:1: connect: connection refused\n');
  });
});
