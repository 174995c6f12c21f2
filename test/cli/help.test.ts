import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../support/cli.js';

// Help, usage and argument errors of the Consul-style commands, as a user sees them.

beforeAll(() => assertBuilt());

describe('help', () => {
  it('kvgate --help lists kv, lock and watch next to serve', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'kv', 'lock', 'watch']) expect(stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
  });

  it('kvgate kv alone prints the kv help and its subcommands on stdout, exit 1 (Consul\'s RunResultHelp)', async () => {
    const { code, stdout, stderr } = await runCli(['kv']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: kvgate kv <subcommand> \[options\] \[args\]\n/);
    expect(stdout).toContain(
      [
        'Subcommands:',
        '    delete    Removes data from the KV store',
        '    export    Exports a tree from the KV store as JSON',
        '    get       Retrieves or lists data from the KV store',
        '    import    Imports a tree stored as JSON to the KV store',
        '    put       Sets or updates data in the KV store',
      ].join('\n'),
    );
  });

  it('kvgate kv --help and an unknown kv subcommand show the same list', async () => {
    const help = await runCli(['kv', '--help']);
    expect(help.code).toBe(0);
    const unknown = await runCli(['kv', 'frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe(help.stdout);
  });

  it('every command answers -h, -help and --help with its usage and options, exit 0', async () => {
    const usages: Array<[string[], string]> = [
      [['kv', 'put'], 'Usage: kvgate kv put [options] KEY [DATA]'],
      [['kv', 'get'], 'Usage: kvgate kv get [options] [KEY_OR_PREFIX]'],
      [['kv', 'delete'], 'Usage: kvgate kv delete [options] KEY_OR_PREFIX'],
      [['kv', 'export'], 'Usage: kvgate kv export [KEY_OR_PREFIX]'],
      [['kv', 'import'], 'Usage: kvgate kv import [DATA]'],
      [['lock'], 'Usage: kvgate lock [options] prefix child...'],
      [['watch'], 'Usage: kvgate watch [options] [child...]'],
    ];
    for (const [command, usage] of usages) {
      for (const flag of ['-h', '-help', '--help']) {
        const { code, stdout, stderr } = await runCli([...command, flag]);
        expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
        expect(stdout.startsWith(`${usage}\n`)).toBe(true);
        expect(stdout).toContain('HTTP API Options\n\n  -ca-file=<value>\n');
        expect(stdout).toContain('  -http-addr=<address>\n     The `address` and port of the Consul HTTP agent.');
      }
    }
  });

  it('the command options are listed with their argument and wrapped description', async () => {
    const { stdout } = await runCli(['kv', 'put', '--help']);
    expect(stdout).toContain(
      'Command Options\n\n  -acquire\n     Obtain a lock on the key. If the key does not exist, this operation\n     will create the key and obtain the lock.',
    );
    expect(stdout).toContain('  -flags=<uint>\n');
    expect(stdout).toContain('  -session=<string>\n');
    expect((await runCli(['lock', '--help'])).stdout).toContain('  -timeout=<duration>\n');
  });

  it('a help flag after the arguments still prints help (Consul\'s CLI framework does the same)', async () => {
    const { code, stdout } = await runCli(['kv', 'put', 'key', '-h']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: kvgate kv put/);
  });
});

describe('argument errors', () => {
  it('an unknown flag is reported like Go\'s flag package, followed by the flag list, exit 1', async () => {
    const { code, stdout, stderr } = await runCli(['kv', 'get', '-foo', 'k']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^flag provided but not defined: -foo\nUsage:\n {2}-base64\n {4}\tBase64 encode the value\. The default value is false\.\n/);
    expect(stderr).toContain('  -separator string\n    \tString to use as a separator between keys.');
    expect(stderr).toContain(' (default "/")\n');
  });

  it('a flag that needs a value and has none, and a bad bool, are reported', async () => {
    expect((await runCli(['kv', 'get', '-separator'])).stderr).toMatch(/^flag needs an argument: -separator\nUsage:\n/);
    expect((await runCli(['kv', 'get', '-recurse=maybe'])).stderr).toMatch(/^invalid boolean value "maybe" for -recurse: parse error\n/);
    expect((await runCli(['lock', '-n=x', 'p', 'true'])).stderr).toMatch(/^invalid value "x" for flag -n: parse error\n/);
  });

  it('lock needs a prefix and a child, and a positive -n', async () => {
    expect(await runCli(['lock', 'only-prefix'])).toMatchObject({ code: 1, stderr: 'Key prefix and child command must be specified\n' });
    expect(await runCli(['lock', '-n=0', 'p', 'true'])).toMatchObject({ code: 1, stderr: 'Lock holder limit must be positive\n' });
    expect(await runCli(['lock', '-monitor-retry=-1', 'p', 'true'])).toMatchObject({ code: 1, stderr: "Number for 'monitor-retry' must be >= 0\n" });
  });

  it('watch needs a type, and a key or prefix that matches it', async () => {
    const untyped = await runCli(['watch']);
    expect(untyped.code).toBe(1);
    expect(untyped.stderr).toMatch(/^Watch type must be specified\n\nUsage: kvgate watch/);
    expect(await runCli(['watch', '-type=key'])).toMatchObject({ code: 1, stderr: 'Must specify a single key to watch\n' });
    expect(await runCli(['watch', '-type=keyprefix', '-key=k'])).toMatchObject({ code: 1, stderr: 'Must specify a single prefix to watch\n' });
    expect(await runCli(['watch', '-type=key', '-key=k', '-prefix=p'])).toMatchObject({ code: 1, stderr: 'Invalid parameters: [prefix]\n' });
    expect(await runCli(['watch', '-type=nope'])).toMatchObject({ code: 1, stderr: 'Unsupported watch type: nope\n' });
    const services = await runCli(['watch', '-type=services']);
    expect(services).toMatchObject({ code: 1 });
    expect(services.stderr).toContain('Type services is not supported by kvgate');
  });
});
