import { describe, expect, it } from 'vitest';
import { useCliFixture } from '../support/cli-fixture.js';
import { kvGet, modifyIndexOf, writeKey } from '../support/consul.js';

// `kvgate kv delete`: one key, -cas, -recurse, and the argument checks.

const cli = useCliFixture();

async function exists(key: string): Promise<boolean> {
  return (await kvGet(cli, key)).status === 200;
}

describe('kvgate kv delete', () => {
  it('deletes one key, not the keys it prefixes', async () => {
    await writeKey(cli, 'foo');
    await writeKey(cli, 'foo/bar');
    expect(await cli.kvgate(['kv', 'delete', 'foo'])).toMatchObject({ code: 0, stdout: 'Success! Deleted key: foo\n', stderr: '' });
    expect(await exists('foo')).toBe(false);
    expect(await exists('foo/bar')).toBe(true);
  });

  it('deleting a missing key succeeds, and a leading "/" is stripped', async () => {
    expect(await cli.kvgate(['kv', 'delete', 'never'])).toMatchObject({ code: 0, stdout: 'Success! Deleted key: never\n' });
    await writeKey(cli, 'abs');
    expect((await cli.kvgate(['kv', 'delete', '/abs'])).stdout).toBe('Success! Deleted key: abs\n');
    expect(await exists('abs')).toBe(false);
  });

  it('-recurse deletes every key starting with the prefix (a plain string prefix)', async () => {
    for (const key of ['foo', 'food', 'foo/bar/zip', 'other']) await writeKey(cli, key);
    expect(await cli.kvgate(['kv', 'delete', '-recurse', 'foo'])).toMatchObject({ code: 0, stdout: 'Success! Deleted keys with prefix: foo\n' });
    for (const key of ['foo', 'food', 'foo/bar/zip']) expect(await exists(key)).toBe(false);
    expect(await exists('other')).toBe(true);
  });

  it('-recurse without a prefix empties the store', async () => {
    await writeKey(cli, 'a');
    await writeKey(cli, 'b/c');
    expect(await cli.kvgate(['kv', 'delete', '-recurse'])).toMatchObject({ code: 0, stdout: 'Success! Deleted keys with prefix: \n' });
    expect((await kvGet(cli, '?keys')).text).toBe('[]');
  });

  it('-cas -modify-index deletes only at that index', async () => {
    await writeKey(cli, 'c');
    const index = await modifyIndexOf(cli, 'c');
    expect(await cli.kvgate(['kv', 'delete', '-cas', `-modify-index=${index + 1n}`, 'c'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error! Did not delete key c: CAS failed\n' });
    expect(await exists('c')).toBe(true);
    expect(await cli.kvgate(['kv', 'delete', '-cas', `-modify-index=${index}`, 'c'])).toMatchObject({ code: 0, stdout: 'Success! Deleted key: c\n' });
    expect(await exists('c')).toBe(false);
  });

  it('refuses the flag combinations Consul refuses, before any request', async () => {
    await writeKey(cli, 'k');
    const cases: Array<[string[], string]> = [
      [['-cas', 'k'], 'Cannot delete a key that does not exist. Provide a -modify-index greater than than 0.'],
      [['-modify-index=3', 'k'], 'Cannot specify -modify-index without -cas!'],
      [['-cas', '-modify-index=3', '-recurse', 'k'], 'Cannot specify both -cas and -recurse!'],
      [[], 'Error! Missing KEY argument'],
      [['a', 'b'], 'Too many arguments (expected 1, got 2)'],
    ];
    for (const [args, message] of cases) {
      expect(await cli.kvgate(['kv', 'delete', ...args])).toMatchObject({ code: 1, stdout: '', stderr: `${message}\n` });
    }
    expect(await exists('k')).toBe(true);
  });

  it('an API error names the key', async () => {
    const result = await cli.kvgate(['kv', 'delete', 'bad ']);
    expect(result).toMatchObject({ code: 1, stderr: 'Error deleting key bad : Unexpected response code: 500 (invalid key name, leading/trailing spaces are not allowed)\n' });
    const recurse = await cli.kvgate(['kv', 'delete', '-recurse', ' bad']);
    expect(recurse.stderr).toBe('Error! Did not delete prefix  bad: Unexpected response code: 500 (invalid key name, leading/trailing spaces are not allowed)\n');
  });
});
