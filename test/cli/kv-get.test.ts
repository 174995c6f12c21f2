import { describe, expect, it } from 'vitest';
import { useCliFixture } from '../support/cli-fixture.js';
import { http } from '../support/http.js';

// `kvgate kv get` (spec §11.2): plain, -base64, -recurse, -keys, -separator, -detailed.

const cli = useCliFixture();

async function put(key: string, value: string | Buffer, query = ''): Promise<void> {
  const res = await http(cli.port, 'PUT', `/v1/kv/${key}${query}`, { body: value });
  expect(res.text).toBe('true');
}

/** ModifyIndex (= CreateIndex for a new key) of a key, as digits. */
async function indexOf(key: string): Promise<string> {
  const res = await http(cli.port, 'GET', `/v1/kv/${key}`);
  return /"ModifyIndex":(\d+)/.exec(res.text)?.[1] as string;
}

describe('kvgate kv get', () => {
  it('prints the raw value and a newline', async () => {
    await put('app/name', 'kvgate');
    expect(await cli.kvgate(['kv', 'get', 'app/name'])).toMatchObject({ code: 0, stdout: 'kvgate\n', stderr: '' });
  });

  it('prints binary values byte for byte', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x0a]);
    await put('bin', bytes);
    const result = await cli.kvgate(['kv', 'get', 'bin']);
    expect(result.stdoutBytes).toEqual(Buffer.concat([bytes, Buffer.from('\n')]));
  });

  it('prints an empty line for an empty value', async () => {
    await put('empty', '');
    expect(await cli.kvgate(['kv', 'get', 'empty'])).toMatchObject({ code: 0, stdout: '\n' });
  });

  it('-base64 prints the value base64-encoded', async () => {
    await put('b', 'héllo');
    expect((await cli.kvgate(['kv', 'get', '-base64', 'b'])).stdout).toBe(`${Buffer.from('héllo').toString('base64')}\n`);
  });

  it('a missing key is an error on stderr with exit 1', async () => {
    expect(await cli.kvgate(['kv', 'get', 'nope'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error! No key exists at: nope\n' });
  });

  it('strips one leading "/" from the key', async () => {
    await put('app/name', 'v');
    expect((await cli.kvgate(['kv', 'get', '/app/name'])).stdout).toBe('v\n');
  });

  it('needs a KEY unless -recurse or -keys, and takes at most one', async () => {
    expect(await cli.kvgate(['kv', 'get'])).toMatchObject({ code: 1, stderr: 'Error! Missing KEY argument\n' });
    expect(await cli.kvgate(['kv', 'get', '/'])).toMatchObject({ code: 1, stderr: 'Error! Missing KEY argument\n' });
    expect(await cli.kvgate(['kv', 'get', 'a', 'b'])).toMatchObject({ code: 1, stderr: 'Too many arguments (expected 1, got 2)\n' });
  });

  it('-detailed prints the metadata table, Session "-" when unlocked', async () => {
    await put('foo', 'bar', '?flags=42');
    const index = await indexOf('foo');
    const pad = (label: string) => label.padEnd(17);
    const expected = [`${pad('CreateIndex')}${index}`, `${pad('Flags')}42`, `${pad('Key')}foo`, `${pad('LockIndex')}0`, `${pad('ModifyIndex')}${index}`, `${pad('Session')}-`, `${pad('Value')}bar`];
    expect(await cli.kvgate(['kv', 'get', '-detailed', 'foo'])).toMatchObject({ code: 0, stdout: `${expected.join('\n')}\n` });
    expect((await cli.kvgate(['kv', 'get', '-detailed', '-base64', 'foo'])).stdout).toContain(`${pad('Value')}YmFy\n`);
  });

  it('-detailed shows the session and lock index of a locked key', async () => {
    const session = (JSON.parse((await http(cli.port, 'PUT', '/v1/session/create', { body: '{}' })).text) as { ID: string }).ID;
    await put('locked', 'x', `?acquire=${session}`);
    const { stdout } = await cli.kvgate(['kv', 'get', '-detailed', 'locked']);
    expect(stdout).toContain(`LockIndex        1\n`);
    expect(stdout).toContain(`Session          ${session}\n`);
  });

  it('-recurse prints KEY:VALUE for every key under the prefix, in byte order', async () => {
    await put('p/b', '2');
    await put('p/a', '1');
    await put('p/a/x', 'deep');
    await put('q', 'other');
    expect(await cli.kvgate(['kv', 'get', '-recurse', 'p/'])).toMatchObject({ code: 0, stdout: 'p/a:1\np/a/x:deep\np/b:2\n' });
    expect((await cli.kvgate(['kv', 'get', '-recurse', '-base64', 'p/a/'])).stdout).toBe(`p/a/x:${Buffer.from('deep').toString('base64')}\n`);
  });

  it('-recurse without a prefix lists everything, and an empty prefix prints nothing with exit 0', async () => {
    await put('a', '1');
    await put('b', '2');
    expect((await cli.kvgate(['kv', 'get', '-recurse'])).stdout).toBe('a:1\nb:2\n');
    expect(await cli.kvgate(['kv', 'get', '-recurse', 'none/'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('-recurse -detailed separates the tables with a blank line', async () => {
    await put('d/1', 'one');
    await put('d/2', 'two');
    const { stdout } = await cli.kvgate(['kv', 'get', '-recurse', '-detailed', 'd/']);
    const tables = stdout.split('\n\n');
    expect(tables).toHaveLength(2);
    expect(tables[0]).toMatch(/^CreateIndex {6}\d+\n[\s\S]*Key {14}d\/1\n[\s\S]*Value {12}one$/);
    expect(tables[1]).toMatch(/Key {14}d\/2\n[\s\S]*Value {12}two\n$/);
  });

  it('-keys lists names up to the next "/" by default', async () => {
    for (const key of ['k/a/1', 'k/a/2', 'k/b', 'k/c/d/e']) await put(key, 'v');
    expect(await cli.kvgate(['kv', 'get', '-keys', 'k/'])).toMatchObject({ code: 0, stdout: 'k/a/\nk/b\nk/c/\n' });
    expect((await cli.kvgate(['kv', 'get', '-keys'])).stdout).toBe('k/\n');
  });

  it('-keys -separator="" lists every key, and another separator splits there', async () => {
    for (const key of ['k/a/1', 'k/b', 'k-x-y']) await put(key, 'v');
    expect((await cli.kvgate(['kv', 'get', '-keys', '-separator=', 'k'])).stdout).toBe('k-x-y\nk/a/1\nk/b\n');
    expect((await cli.kvgate(['kv', 'get', '-keys', '-separator', '-', 'k'])).stdout).toBe('k-\nk/a/1\nk/b\n');
  });

  it('-keys -recurse lists every key under the prefix without a separator', async () => {
    for (const key of ['k/a/1', 'k/b']) await put(key, 'v');
    expect((await cli.kvgate(['kv', 'get', '-keys', '-recurse', 'k/'])).stdout).toBe('k/a/1\nk/b\n');
  });

  it('-keys -recurse -detailed prints the tables without the Value row', async () => {
    await put('k/a', 'secret');
    const { stdout } = await cli.kvgate(['kv', 'get', '-keys', '-recurse', '-detailed', 'k/']);
    expect(stdout).toMatch(/Key {14}k\/a\n/);
    expect(stdout).toMatch(/Session {10}-\n\n$/);
    expect(stdout).not.toContain('Value');
  });

  it('-stale reads too (a single kvgate serves stale reads like consistent ones)', async () => {
    await put('s', 'v');
    expect((await cli.kvgate(['kv', 'get', '-stale', 's'])).stdout).toBe('v\n');
  });

  it('ends quietly when its stdout is closed (kvgate kv get … | head), as SIGPIPE ends Consul', async () => {
    await put('k', 'v');
    const proc = cli.start(['kv', 'get', '-recurse']);
    proc.child.stdout?.destroy();
    const result = await proc.exited;
    expect(result).toMatchObject({ code: 141, stderr: '' });
  });
});
