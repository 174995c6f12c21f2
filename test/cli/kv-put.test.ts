import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';
import { createSession, kvGet } from '../support/consul.js';

// `kvgate kv put` as a subprocess against a kvgate: data sources, flags, CAS,
// locks, and Consul's messages and exit codes.

const cli = useCliFixture();

interface Stored {
  value: Buffer | null;
  flags: string;
  modifyIndex: string;
  session: string | undefined;
}

/** The entry as the HTTP API reports it (numbers as digit strings), or null on 404. */
async function stored(key: string): Promise<Stored | null> {
  const res = await kvGet(cli, key);
  if (res.status === 404) return null;
  const value = /"Value":(null|"[^"]*")/.exec(res.text)?.[1] as string;
  return {
    value: value === 'null' ? null : Buffer.from(value.slice(1, -1), 'base64'),
    flags: /"Flags":(\d+)/.exec(res.text)?.[1] as string,
    modifyIndex: /"ModifyIndex":(\d+)/.exec(res.text)?.[1] as string,
    session: /"Session":"([^"]*)"/.exec(res.text)?.[1],
  };
}

describe('kvgate kv put', () => {
  it('writes a literal value and says so on stdout', async () => {
    expect(await cli.kvgate(['kv', 'put', 'app/port', '8080'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: app/port\n', stderr: '' });
    expect((await stored('app/port'))?.value?.toString()).toBe('8080');
  });

  it('without DATA writes an empty value', async () => {
    expect((await cli.kvgate(['kv', 'put', 'webapp/beta/active'])).code).toBe(0);
    expect((await stored('webapp/beta/active'))?.value ?? Buffer.alloc(0)).toHaveLength(0);
  });

  it('reads DATA "-" from stdin, bytes unchanged', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13, 0x80]);
    expect((await cli.kvgate(['kv', 'put', 'bin', '-'], { stdin: bytes })).code).toBe(0);
    expect((await stored('bin'))?.value).toEqual(bytes);
  });

  it('reads DATA "@file" from the file', async () => {
    const file = join(tempDir('put'), 'license.lic');
    writeFileSync(file, 'line 1\nline 2\n');
    expect((await cli.kvgate(['kv', 'put', 'license', `@${file}`])).code).toBe(0);
    expect((await stored('license'))?.value?.toString()).toBe('line 1\nline 2\n');
  });

  it('"@file" that does not exist fails with Go\'s message and writes nothing', async () => {
    const result = await cli.kvgate(['kv', 'put', 'license', '@/nonexistent/license.lic']);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'Error! Failed to read file: open /nonexistent/license.lic: no such file or directory\n' });
    expect(await stored('license')).toBeNull();
  });

  it('writes a DATA that starts with "-" literally, and flags after KEY are data', async () => {
    expect((await cli.kvgate(['kv', 'put', 'dash', '-x'])).code).toBe(0);
    expect((await stored('dash'))?.value?.toString()).toBe('-x');
    const result = await cli.kvgate(['kv', 'put', 'dash2', '-flags=5']);
    expect(result.code).toBe(0);
    expect(await stored('dash2')).toMatchObject({ flags: '0' });
    expect((await stored('dash2'))?.value?.toString()).toBe('-flags=5');
  });

  it('-flags sets the flags, up to 2^64-1, and in every Go syntax (0x…)', async () => {
    expect((await cli.kvgate(['kv', 'put', '-flags=18446744073709551615', 'big', 'v'])).code).toBe(0);
    expect(await stored('big')).toMatchObject({ flags: '18446744073709551615' });
    expect((await cli.kvgate(['kv', 'put', '--flags', '0x10', 'hex', 'v'])).code).toBe(0);
    expect(await stored('hex')).toMatchObject({ flags: '16' });
  });

  it('-flags with a bad number fails like Go\'s flag package, with the usage', async () => {
    const result = await cli.kvgate(['kv', 'put', '-flags=-1', 'k', 'v']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^invalid value "-1" for flag -flags: parse error\nUsage:\n {2}-acquire\n/);
    expect(await stored('k')).toBeNull();
  });

  it('-base64 decodes the data', async () => {
    expect(await cli.kvgate(['kv', 'put', '-base64', 'b', Buffer.from('héllo').toString('base64')])).toMatchObject({ code: 0, stderr: '' });
    expect((await stored('b'))?.value?.toString()).toBe('héllo');
  });

  it('-base64 with invalid data reports the bad byte and still writes what decoded before it', async () => {
    const result = await cli.kvgate(['kv', 'put', '-base64', 'b', 'aGVsbG8h!!!!']);
    expect(result).toMatchObject({ code: 0, stdout: 'Success! Data written to: b\n', stderr: 'Error! Cannot base 64 decode data: illegal base64 data at input byte 8\n' });
    expect((await stored('b'))?.value?.toString()).toBe('hello!');
  });

  it('-cas without -modify-index creates the key only if it does not exist', async () => {
    expect(await cli.kvgate(['kv', 'put', '-cas', 'c', 'first'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: c\n' });
    const again = await cli.kvgate(['kv', 'put', '-cas', 'c', 'second']);
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: 'Error! Did not write to c: CAS performed with index=0 and key already exists.\n' });
    expect((await stored('c'))?.value?.toString()).toBe('first');
  });

  it('-cas -modify-index writes only at that index', async () => {
    await cli.kvgate(['kv', 'put', 'c', 'v1']);
    const index = (await stored('c'))?.modifyIndex as string;
    const stale = await cli.kvgate(['kv', 'put', '-cas', `-modify-index=${BigInt(index) + 100n}`, 'c', 'v2']);
    expect(stale).toMatchObject({ code: 1, stderr: 'Error! Did not write to c: CAS failed\n' });
    expect(await cli.kvgate(['kv', 'put', '-cas', '-modify-index', index, 'c', 'v2'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: c\n' });
    expect((await stored('c'))?.value?.toString()).toBe('v2');
  });

  it('-acquire and -release take and give back a lock with a session', async () => {
    const session = await createSession(cli, { Name: 'test' });
    expect(await cli.kvgate(['kv', 'put', '-acquire', `-session=${session}`, 'l', 'held'])).toMatchObject({ code: 0, stdout: 'Success! Lock acquired on: l\n' });
    expect(await stored('l')).toMatchObject({ session });
    const other = await createSession(cli, { Name: 'test' });
    expect(await cli.kvgate(['kv', 'put', '-acquire', '-session', other, 'l'])).toMatchObject({ code: 1, stderr: 'Error! Did not acquire lock\n' });
    expect(await cli.kvgate(['kv', 'put', '-release', '-session', other, 'l'])).toMatchObject({ code: 1, stderr: 'Error! Did not release lock\n' });
    expect(await cli.kvgate(['kv', 'put', '-release', `-session=${session}`, 'l', 'free'])).toMatchObject({ code: 0, stdout: 'Success! Lock released on: l\n' });
    expect(await stored('l')).toMatchObject({ session: undefined });
    expect((await stored('l'))?.value?.toString()).toBe('free');
  });

  it('-acquire with an unknown session shows the API error', async () => {
    const result = await cli.kvgate(['kv', 'put', '-acquire', '-session=nope', 'l']);
    expect(result).toMatchObject({ code: 1, stderr: 'Error! Failed writing data: Unexpected response code: 500 (raft apply failed: invalid session "nope")\n' });
  });

  it('-acquire or -release without -session is refused before any request', async () => {
    for (const flag of ['-acquire', '-release']) {
      expect(await cli.kvgate(['kv', 'put', flag, 'l'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error! Missing -session (required with -acquire and -release)\n' });
    }
    expect(await stored('l')).toBeNull();
  });

  it('missing KEY and too many arguments are errors', async () => {
    expect(await cli.kvgate(['kv', 'put'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error! Missing KEY argument\n' });
    expect(await cli.kvgate(['kv', 'put', 'a', 'b', 'c'])).toMatchObject({ code: 1, stderr: 'Error! Too many arguments (expected 1 or 2, got 3)\n' });
  });

  it('a key starting with "/" is refused by the client, like Consul\'s', async () => {
    expect(await cli.kvgate(['kv', 'put', '/abs', 'v'])).toMatchObject({ code: 1, stderr: "Error! Failed writing data: Invalid key. Key must not begin with a '/': /abs\n" });
  });

  it('server errors render as "Unexpected response code: <code> (<body>)"', async () => {
    const result = await cli.kvgate(['kv', 'put', ' padded', 'v']);
    expect(result).toMatchObject({ code: 1, stderr: 'Error! Failed writing data: Unexpected response code: 500 (invalid key name, leading/trailing spaces are not allowed)\n' });
  });

  it('keys with spaces, "?", "#", "%" and unicode reach the server intact', async () => {
    const key = 'dir/a b?c#d%e/ü';
    expect((await cli.kvgate(['kv', 'put', key, 'v'])).code).toBe(0);
    expect((await cli.kvgate(['kv', 'get', key])).stdout).toBe('v\n');
    expect((await cli.kvgate(['kv', 'get', '-keys', 'dir/'])).stdout).toBe('dir/a b?c#d%e/\n');
  });
});
