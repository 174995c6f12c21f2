import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { useCliFixture } from '../support/cli-fixture.js';
import { kvGet, writeKey } from '../support/consul.js';

// `kvgate kv export` / `kvgate kv import`: the tab-indented JSON, and the
// export → delete → import round trip.

const cli = useCliFixture();

/** key → [flags, base64 value] of every key, from the HTTP API. */
async function snapshot(): Promise<Record<string, [string, string | null]>> {
  const res = await kvGet(cli, '?recurse');
  if (res.status === 404) return {};
  const entries = JSON.parse(res.text.replace(/"Flags":(\d+)/g, '"Flags":"$1"')) as Array<{ Key: string; Flags: string; Value: string | null }>;
  return Object.fromEntries(entries.map((e) => [e.Key, [e.Flags, e.Value]]));
}

describe('kvgate kv export', () => {
  it('prints the prefix as JSON indented with tabs, values base64, flags exact', async () => {
    await writeKey(cli, 'app/a', 'x<y&z', '?flags=18446744073709551615');
    await writeKey(cli, 'app/b', '');
    await writeKey(cli, 'other', 'no');
    const expected = [
      '[',
      '\t{',
      '\t\t"key": "app/a",',
      '\t\t"flags": 18446744073709551615,',
      `\t\t"value": "${Buffer.from('x<y&z').toString('base64')}"`,
      '\t},',
      '\t{',
      '\t\t"key": "app/b",',
      '\t\t"flags": 0,',
      '\t\t"value": ""',
      '\t}',
      ']',
    ].join('\n');
    expect(await cli.kvgate(['kv', 'export', 'app/'])).toMatchObject({ code: 0, stdout: `${expected}\n`, stderr: '' });
  });

  it('prints [] when nothing matches', async () => {
    expect(await cli.kvgate(['kv', 'export', 'nothing/'])).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('escapes keys like Go (<, >, & as \\u003c …)', async () => {
    await writeKey(cli, 'a<b>&c', 'v');
    expect((await cli.kvgate(['kv', 'export'])).stdout).toContain('"key": "a\\u003cb\\u003e\\u0026c"');
  });
});

describe('kvgate kv import', () => {
  it('export → delete → import restores keys, flags and binary values', async () => {
    await writeKey(cli, 'cfg/a', 'alpha', '?flags=7');
    await writeKey(cli, 'cfg/b/c', Buffer.from([0, 255, 10]));
    await writeKey(cli, 'cfg/dir/', '');
    await writeKey(cli, 'cfg/big', 'x', '?flags=9223372036854775808');
    const before = await snapshot();
    const exported = await cli.kvgate(['kv', 'export', 'cfg']);
    expect(exported.code).toBe(0);

    expect((await cli.kvgate(['kv', 'delete', '-recurse', 'cfg'])).code).toBe(0);
    expect(await snapshot()).toEqual({});

    const imported = await cli.kvgate(['kv', 'import', '-'], { stdin: exported.stdout });
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toBe('Imported: cfg/a\nImported: cfg/b/c\nImported: cfg/big\nImported: cfg/dir/\n');
    const after = await snapshot();
    // An empty value may come back as null or "" (Consul stores an empty body as null).
    const normalize = (snap: Record<string, [string, string | null]>) => Object.fromEntries(Object.entries(snap).map(([k, [f, v]]) => [k, [f, v ?? '']]));
    expect(normalize(after)).toEqual(normalize(before));
  });

  it('-prefix puts the entries under a prefix (path-joined), keeping a trailing "/"', async () => {
    const data = JSON.stringify([
      { key: 'a', flags: 1, value: Buffer.from('1').toString('base64') },
      { key: 'sub/', flags: 0, value: '' },
    ]);
    const result = await cli.kvgate(['kv', 'import', '-prefix=restored/', data]);
    expect(result).toMatchObject({ code: 0, stdout: 'Imported: restored/a\nImported: restored/sub/\n' });
    expect(await snapshot()).toEqual({ 'restored/a': ['1', Buffer.from('1').toString('base64')], 'restored/sub/': ['0', null] });
  });

  it('reads DATA from "@file"', async () => {
    const file = join(tempDir('import'), 'kv.json');
    writeFileSync(file, JSON.stringify([{ key: 'from/file', flags: 0, value: Buffer.from('ok').toString('base64') }]));
    expect(await cli.kvgate(['kv', 'import', `@${file}`])).toMatchObject({ code: 0, stdout: 'Imported: from/file\n' });
  });

  it('rejects missing, empty and malformed DATA with Consul\'s messages', async () => {
    expect(await cli.kvgate(['kv', 'import'])).toMatchObject({ code: 1, stderr: 'Error! Missing DATA argument\n' });
    expect(await cli.kvgate(['kv', 'import', ''])).toMatchObject({ code: 1, stderr: 'Error! Empty DATA argument\n' });
    expect(await cli.kvgate(['kv', 'import', '[{"key":'])).toMatchObject({ code: 1, stderr: 'Cannot unmarshal data: unexpected end of JSON input\n' });
    expect(await cli.kvgate(['kv', 'import', '{"key":"a"}'])).toMatchObject({
      code: 1,
      stderr: 'Cannot unmarshal data: json: cannot unmarshal object into Go value of type []*impexp.Entry\n',
    });
    expect(await snapshot()).toEqual({});
  });

  it('stops at an entry whose value is not base64, after importing the ones before it', async () => {
    const data = JSON.stringify([
      { key: 'ok', flags: 0, value: 'b2s=' },
      { key: 'bad', flags: 0, value: 'b2s' },
      { key: 'never', flags: 0, value: '' },
    ]);
    const result = await cli.kvgate(['kv', 'import', data]);
    expect(result).toMatchObject({ code: 1, stdout: 'Imported: ok\n', stderr: 'Error base 64 decoding value for key bad: illegal base64 data at input byte 0\n' });
    expect(Object.keys(await snapshot())).toEqual(['ok']);
  });

  it('stops at the first write the server refuses', async () => {
    const data = JSON.stringify([{ key: ' padded', flags: 0, value: '' }, { key: 'never', flags: 0, value: '' }]);
    const result = await cli.kvgate(['kv', 'import', data]);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'Error! Failed writing data for key  padded: Unexpected response code: 500 (invalid key name, leading/trailing spaces are not allowed)\n',
    });
    expect(await snapshot()).toEqual({});
  });
});
