import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';
import { kvDelete, kvGet, kvPut, sessionList } from '../support/consul.js';
import { waitFor } from '../support/wait.js';

// `kvgate lock PREFIX CHILD` with -n=1: mutual exclusion between processes,
// the child's environment, release on exit, on SIGTERM and when the lock is lost.
// Children log to a file named by $LOG; a test "releases" a child by creating $DONE.

const cli = useCliFixture();

function files() {
  const dir = tempDir('lock');
  const log = join(dir, 'log');
  return {
    env: cli.env({ LOG: log, DONE: join(dir, 'done') }),
    lines: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') : []),
    finish: () => writeFileSync(join(dir, 'done'), ''),
  };
}

/** A child that logs "<name> start", waits for $DONE, then logs "<name> end". */
const holder = (name: string) => `echo "${name} start $CONSUL_LOCK_HELD" >> "$LOG"; while [ ! -f "$DONE" ]; do sleep 0.05; done; echo "${name} end" >> "$LOG"`;

async function lockEntry(key: string): Promise<{ status: number; session?: string; flags?: string }> {
  const res = await kvGet(cli, key);
  if (res.status !== 200) return { status: res.status };
  return { status: 200, session: /"Session":"([^"]+)"/.exec(res.text)?.[1], flags: /"Flags":(\d+)/.exec(res.text)?.[1] };
}

describe('kvgate lock', () => {
  it('runs the child with CONSUL_LOCK_HELD=true, then releases and removes the lock and its session', async () => {
    const result = await cli.kvgate(['lock', 'app', 'echo held=$CONSUL_LOCK_HELD']);
    expect(result).toMatchObject({ code: 0, stdout: 'held=true\n', stderr: '' });
    expect((await lockEntry('app/.lock')).status).toBe(404);
    expect(await sessionList(cli)).toEqual([]);
  });

  it('a second process waits while the first holds the lock, and takes over when the first child exits', async () => {
    const { env, lines, finish } = files();
    const first = cli.start(['lock', 'svc', holder('first')], { env });
    await waitFor(() => lines().length === 1, 'the first child to start');
    const held = await lockEntry('svc/.lock');
    expect(held).toMatchObject({ status: 200, flags: '3304740253564472344' });
    const [firstSession] = await sessionList(cli);
    expect(firstSession?.ID).toBe(held.session);
    expect(firstSession?.Name).toBe(`Consul lock for '${holder('first')}' at 'svc'`);

    const second = cli.start(['lock', '-verbose', 'svc', 'echo "second start $CONSUL_LOCK_HELD" >> "$LOG"'], { env });
    await second.waitForOutput('Attempting lock acquisition');
    await waitFor(async () => (await sessionList(cli)).length === 2, 'the second contender to create its session');
    expect((await lockEntry('svc/.lock')).session).toBe(firstSession?.ID);
    expect(lines()).toEqual(['first start true']);

    finish();
    expect((await first.exited).code).toBe(0);
    expect((await second.exited).code).toBe(0);
    expect(lines()).toEqual(['first start true', 'first end', 'second start true']);
    expect(second.stdout()).toContain('Child terminated, releasing lock\nCleanup succeeded\n');
    expect((await lockEntry('svc/.lock')).status).toBe(404);
    expect(await sessionList(cli)).toEqual([]);
  });

  it('on SIGTERM forwards the signal to the child, waits for it, releases the lock and exits 0', async () => {
    const { env, lines } = files();
    const child = 'trap \'echo got-term >> "$LOG"; exit 0\' TERM; echo started >> "$LOG"; while :; do sleep 0.05; done';
    const proc = cli.start(['lock', '-verbose', 'svc', child], { env });
    await waitFor(() => lines().includes('started'), 'the child to start');
    proc.child.kill('SIGTERM');
    const result = await proc.exited;
    expect(result.code).toBe(0);
    expect(lines()).toContain('got-term');
    expect(result.stdout).toContain('Shutdown triggered, killing child\n');
    expect((await lockEntry('svc/.lock')).status).toBe(404);
    expect(await sessionList(cli)).toEqual([]);
  });

  it('on SIGTERM while waiting for the lock gives up, destroys its session and exits 1', async () => {
    const { env, lines, finish } = files();
    cli.start(['lock', 'svc', holder('first')], { env });
    await waitFor(() => lines().length === 1, 'the first child to start');
    const waiting = cli.start(['lock', '-verbose', 'svc', 'echo never >> "$LOG"'], { env });
    await waitFor(async () => (await sessionList(cli)).length === 2, 'the second contender to wait');
    waiting.child.kill('SIGTERM');
    const result = await waiting.exited;
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toBe('Shutdown triggered or timeout during lock acquisition\n');
    expect(await sessionList(cli)).toHaveLength(1);
    finish();
  });

  it('kills the child when the lock is lost (key deleted), then exits 0', async () => {
    const { env, lines } = files();
    const child = 'trap \'echo got-term >> "$LOG"; exit 0\' TERM; echo started >> "$LOG"; while :; do sleep 0.05; done';
    const proc = cli.start(['lock', '-verbose', 'svc', child], { env });
    await waitFor(() => lines().includes('started'), 'the child to start');
    expect((await kvDelete(cli, 'svc/.lock')).text).toBe('true');
    const result = await proc.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Lock lost, killing child\n');
    expect(lines()).toEqual(['started', 'got-term']);
  });

  it('-timeout gives up when the lock stays held', async () => {
    const { env, lines, finish } = files();
    cli.start(['lock', 'svc', holder('first')], { env });
    await waitFor(() => lines().length === 1, 'the first child to start');
    const result = await cli.kvgate(['lock', '-timeout=300ms', 'svc', 'echo never >> "$LOG"'], { env });
    expect(result).toMatchObject({ code: 1, stderr: 'Shutdown triggered or timeout during lock acquisition\n' });
    expect(lines()).toEqual(['first start true']);
    expect(await sessionList(cli)).toHaveLength(1);
    finish();
  });

  it('reports the child\'s failure, and exits 2 for it only with -child-exit-code', async () => {
    expect(await cli.kvgate(['lock', 'svc', 'exit 3'])).toMatchObject({ code: 0, stderr: 'Error running handler: exit status 3\n' });
    expect(await cli.kvgate(['lock', '-child-exit-code', 'svc', 'exit 3'])).toMatchObject({ code: 2, stderr: 'Error running handler: exit status 3\n' });
    expect(await cli.kvgate(['lock', '-child-exit-code', 'svc', 'true'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('-shell=false runs the arguments as they are, without a shell', async () => {
    expect((await cli.kvgate(['lock', '-shell=false', 'svc', 'printf', '%s,', 'a b', '$HOME'])).stdout).toBe('a b,$HOME,');
    // with the shell (the default) the arguments are joined with spaces and re-split
    expect((await cli.kvgate(['lock', 'svc', 'printf', '%s,', 'a b'])).stdout).toBe('a,b,');
  });

  it('-pass-stdin gives the child kvgate\'s stdin; without it the child reads nothing', async () => {
    expect((await cli.kvgate(['lock', '-pass-stdin', 'svc', 'cat'], { stdin: 'from stdin' })).stdout).toBe('from stdin');
    expect((await cli.kvgate(['lock', 'svc', 'cat'], { stdin: 'from stdin' })).stdout).toBe('');
  });

  it('refuses a prefix whose .lock key is not a lock', async () => {
    await kvPut(cli, 'svc/.lock', 'plain');
    const result = await cli.kvgate(['lock', 'svc', 'echo never']);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Lock acquisition failed: Existing key does not match lock use\n' });
    expect(await sessionList(cli)).toEqual([]);
  });

  it('fails clearly when the agent cannot be reached', async () => {
    const result = await cli.kvgate(['lock', '-http-addr=127.0.0.1:1', 'svc', 'true']);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toBe('Error querying Consul agent: Get "http://127.0.0.1:1/v1/agent/self": dial tcp 127.0.0.1:1: connect: connection refused\n');
  });
});
