import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';
import { kvGet, sessionList } from '../support/consul.js';
import { waitFor } from '../support/wait.js';

// `kvgate lock -n=N` (Consul's semaphore recipe): at most N children run at once.
// Child i logs "start i" / "end i" to $LOG and runs until the file $DIR/done-i exists.

const cli = useCliFixture();

function setup() {
  const dir = tempDir('semaphore');
  const log = join(dir, 'log');
  return {
    env: cli.env({ LOG: log, DIR: dir }),
    lines: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') : []),
    finish: (i: number) => writeFileSync(join(dir, `done-${i}`), ''),
  };
}

const child = (i: number) => `echo "start ${i}" >> "$LOG"; while [ ! -f "$DIR/done-${i}" ]; do sleep 0.05; done; echo "end ${i}" >> "$LOG"`;

describe('kvgate lock -n=2 (semaphore)', () => {
  it('lets two holders in, makes a third wait, and lets it in when one leaves', async () => {
    const { env, lines, finish } = setup();
    const first = cli.start(['lock', '-n=2', 'jobs', child(1)], { env });
    const second = cli.start(['lock', '-n=2', 'jobs', child(2)], { env });
    await waitFor(() => lines().length === 2, 'two holders to start');
    const third = cli.start(['lock', '-n=2', '-verbose', 'jobs', child(3)], { env });
    await third.waitForOutput('Attempting lock acquisition');
    await waitFor(async () => (await sessionList(cli)).length === 3, 'the third contender to create its session');

    const coordination = await kvGet(cli, 'jobs/.lock?raw');
    const lock = JSON.parse(coordination.text) as { Limit: number; Holders: Record<string, boolean> };
    expect(lock.Limit).toBe(2);
    expect(Object.keys(lock.Holders)).toHaveLength(2);
    expect(new Set(lines())).toEqual(new Set(['start 1', 'start 2']));

    finish(1);
    await first.exited;
    await waitFor(() => lines().includes('start 3'), 'the third holder to start');
    expect(lines().indexOf('start 3')).toBeGreaterThan(lines().indexOf('end 1'));
    expect(lines()).not.toContain('end 2');

    finish(2);
    finish(3);
    for (const proc of [first, second, third]) expect((await proc.exited).code).toBe(0);
    // the last one out removes the coordination key; contender keys go with their sessions
    expect((await kvGet(cli, 'jobs/?recurse')).status).toBe(404);
    expect((await sessionList(cli)).length).toBe(0);
  });

  it('refuses a contender that disagrees on the limit', async () => {
    const { env, lines, finish } = setup();
    cli.start(['lock', '-n=2', 'jobs', child(1)], { env });
    await waitFor(() => lines().length === 1, 'the holder to start');
    const result = await cli.kvgate(['lock', '-n=3', 'jobs', 'true'], { env });
    expect(result).toMatchObject({ code: 1, stderr: 'Lock acquisition failed: semaphore limit conflict (lock: 2, local: 3)\n' });
    finish(1);
  });

  it('refuses a semaphore where a lock (-n=1) holds the prefix', async () => {
    const { env, lines, finish } = setup();
    cli.start(['lock', 'jobs', child(1)], { env });
    await waitFor(() => lines().length === 1, 'the lock holder to start');
    const result = await cli.kvgate(['lock', '-n=2', 'jobs', 'true'], { env });
    expect(result).toMatchObject({ code: 1, stderr: 'Lock acquisition failed: Existing key does not match semaphore use\n' });
    finish(1);
  });
});
