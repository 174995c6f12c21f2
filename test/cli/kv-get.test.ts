import { describe, expect, it } from 'vitest';
import { useCliFixture } from '../support/cli-fixture.js';
import { createSession, modifyIndexOf, writeKey } from '../support/consul.js';

// `kvgate kv get`: plain, -base64, -recurse, -keys, -separator, -detailed.

const cli = useCliFixture();

describe('kvgate kv get', () => {
  it('prints the raw value and a newline', async () => {
    await writeKey(cli, 'app/name', 'kvgate');
    expect(await cli.kvgate(['kv', 'get', 'app/name'])).toMatchObject({ code: 0, stdout: 'kvgate\n', stderr: '' });
  });

  it('prints binary values byte for byte', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x0a]);
    await writeKey(cli, 'bin', bytes);
    const result = await cli.kvgate(['kv', 'get', 'bin']);
    expect(result.stdoutBytes).toEqual(Buffer.concat([bytes, Buffer.from('\n')]));
  });

  it('prints an empty line for an empty value', async () => {
    await writeKey(cli, 'empty', '');
    expect(await cli.kvgate(['kv', 'get', 'empty'])).toMatchObject({ code: 0, stdout: '\n' });
  });

  it('-base64 prints the value base64-encoded', async () => {
    await writeKey(cli, 'b', 'héllo');
    expect((await cli.kvgate(['kv', 'get', '-base64', 'b'])).stdout).toBe(`${Buffer.from('héllo').toString('base64')}\n`);
  });

  it('a missing key is an error on stderr with exit 1', async () => {
    expect(await cli.kvgate(['kv', 'get', 'nope'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error! No key exists at: nope\n' });
  });

  it('strips one leading "/" from the key', async () => {
    await writeKey(cli, 'app/name', 'v');
    expect((await cli.kvgate(['kv', 'get', '/app/name'])).stdout).toBe('v\n');
  });

  it('needs a KEY unless -recurse or -keys, and takes at most one', async () => {
    expect(await cli.kvgate(['kv', 'get'])).toMatchObject({ code: 1, stderr: 'Error! Missing KEY argument\n' });
    expect(await cli.kvgate(['kv', 'get', '/'])).toMatchObject({ code: 1, stderr: 'Error! Missing KEY argument\n' });
    expect(await cli.kvgate(['kv', 'get', 'a', 'b'])).toMatchObject({ code: 1, stderr: 'Too many arguments (expected 1, got 2)\n' });
  });

  it('-detailed prints the metadata table, Session "-" when unlocked', async () => {
    await writeKey(cli, 'foo', 'bar', '?flags=42');
    const index = await modifyIndexOf(cli, 'foo');
    const pad = (label: string) => label.padEnd(17);
    const expected = [`${pad('CreateIndex')}${index}`, `${pad('Flags')}42`, `${pad('Key')}foo`, `${pad('LockIndex')}0`, `${pad('ModifyIndex')}${index}`, `${pad('Session')}-`, `${pad('Value')}bar`];
    expect(await cli.kvgate(['kv', 'get', '-detailed', 'foo'])).toMatchObject({ code: 0, stdout: `${expected.join('\n')}\n` });
    expect((await cli.kvgate(['kv', 'get', '-detailed', '-base64', 'foo'])).stdout).toContain(`${pad('Value')}YmFy\n`);
  });

  it('-detailed shows the session and lock index of a locked key', async () => {
    const session = await createSession(cli, {});
    await writeKey(cli, 'locked', 'x', `?acquire=${session}`);
    const { stdout } = await cli.kvgate(['kv', 'get', '-detailed', 'locked']);
    expect(stdout).toContain(`LockIndex        1\n`);
    expect(stdout).toContain(`Session          ${session}\n`);
  });

  it('-recurse prints KEY:VALUE for every key under the prefix, in byte order', async () => {
    await writeKey(cli, 'p/b', '2');
    await writeKey(cli, 'p/a', '1');
    await writeKey(cli, 'p/a/x', 'deep');
    await writeKey(cli, 'q', 'other');
    expect(await cli.kvgate(['kv', 'get', '-recurse', 'p/'])).toMatchObject({ code: 0, stdout: 'p/a:1\np/a/x:deep\np/b:2\n' });
    expect((await cli.kvgate(['kv', 'get', '-recurse', '-base64', 'p/a/'])).stdout).toBe(`p/a/x:${Buffer.from('deep').toString('base64')}\n`);
  });

  it('-recurse without a prefix lists everything, and an empty prefix prints nothing with exit 0', async () => {
    await writeKey(cli, 'a', '1');
    await writeKey(cli, 'b', '2');
    expect((await cli.kvgate(['kv', 'get', '-recurse'])).stdout).toBe('a:1\nb:2\n');
    expect(await cli.kvgate(['kv', 'get', '-recurse', 'none/'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('-recurse -detailed separates the tables with a blank line', async () => {
    await writeKey(cli, 'd/1', 'one');
    await writeKey(cli, 'd/2', 'two');
    const { stdout } = await cli.kvgate(['kv', 'get', '-recurse', '-detailed', 'd/']);
    const tables = stdout.split('\n\n');
    expect(tables).toHaveLength(2);
    expect(tables[0]).toMatch(/^CreateIndex {6}\d+\n[\s\S]*Key {14}d\/1\n[\s\S]*Value {12}one$/);
    expect(tables[1]).toMatch(/Key {14}d\/2\n[\s\S]*Value {12}two\n$/);
  });

  it('-keys lists names up to the next "/" by default', async () => {
    for (const key of ['k/a/1', 'k/a/2', 'k/b', 'k/c/d/e']) await writeKey(cli, key, 'v');
    expect(await cli.kvgate(['kv', 'get', '-keys', 'k/'])).toMatchObject({ code: 0, stdout: 'k/a/\nk/b\nk/c/\n' });
    expect((await cli.kvgate(['kv', 'get', '-keys'])).stdout).toBe('k/\n');
  });

  it('-keys -separator="" lists every key, and another separator splits there', async () => {
    for (const key of ['k/a/1', 'k/b', 'k-x-y']) await writeKey(cli, key, 'v');
    expect((await cli.kvgate(['kv', 'get', '-keys', '-separator=', 'k'])).stdout).toBe('k-x-y\nk/a/1\nk/b\n');
    expect((await cli.kvgate(['kv', 'get', '-keys', '-separator', '-', 'k'])).stdout).toBe('k-\nk/a/1\nk/b\n');
  });

  it('-keys -recurse lists every key under the prefix without a separator', async () => {
    for (const key of ['k/a/1', 'k/b']) await writeKey(cli, key, 'v');
    expect((await cli.kvgate(['kv', 'get', '-keys', '-recurse', 'k/'])).stdout).toBe('k/a/1\nk/b\n');
  });

  it('-keys -recurse -detailed prints the tables without the Value row', async () => {
    await writeKey(cli, 'k/a', 'secret');
    const { stdout } = await cli.kvgate(['kv', 'get', '-keys', '-recurse', '-detailed', 'k/']);
    expect(stdout).toMatch(/Key {14}k\/a\n/);
    expect(stdout).toMatch(/Session {10}-\n\n$/);
    expect(stdout).not.toContain('Value');
  });

  it('-stale reads too (a single kvgate serves stale reads like consistent ones)', async () => {
    await writeKey(cli, 's', 'v');
    expect((await cli.kvgate(['kv', 'get', '-stale', 's'])).stdout).toBe('v\n');
  });

  it('ends quietly when its stdout is closed (kvgate kv get … | head), as SIGPIPE ends Consul', async () => {
    await writeKey(cli, 'k', 'v');
    const proc = cli.start(['kv', 'get', '-recurse']);
    proc.child.stdout?.destroy();
    const result = await proc.exited;
    expect(result).toMatchObject({ code: 141, stderr: '' });
  });
});
