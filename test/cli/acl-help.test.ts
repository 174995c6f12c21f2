import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../support/cli.js';

// Help of the acl commands as Consul's CLI framework prints it: the groups list their
// subcommands, every subcommand answers -help with its usage and options, and deprecated
// flags are accepted but not shown.

beforeAll(() => assertBuilt());

describe('acl help', () => {
  it('kvgate --help lists acl; kvgate acl --help lists bootstrap, policy, role and token, exit 0', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}acl +manage ACLs/m);
    const { code, stdout, stderr } = await runCli(['acl', '--help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage: kvgate acl <subcommand> \[options\] \[args\]\n/);
    expect(stdout).toContain(
      [
        'Subcommands:',
        "    bootstrap    Bootstrap Consul's ACL system",
        "    policy       Manage Consul's ACL policies",
        "    role         Manage Consul's ACL roles",
        "    token        Manage Consul's ACL tokens",
      ].join('\n'),
    );
  });

  it('a group without a known subcommand prints its help and subcommands on stdout, exit 1', async () => {
    const alone = await runCli(['acl', 'token']);
    expect({ code: alone.code, stderr: alone.stderr }).toEqual({ code: 1, stderr: '' });
    expect(alone.stdout).toContain(
      [
        'Subcommands:',
        '    clone     Clone an ACL token',
        '    create    Create an ACL token',
        '    delete    Delete an ACL token',
        '    list      List ACL tokens',
        '    read      Read an ACL token',
        '    update    Update an ACL token',
      ].join('\n'),
    );
    const unknown = await runCli(['acl', 'token', 'frobnicate', '-x']);
    expect(unknown).toMatchObject({ code: 1, stdout: alone.stdout });
    expect((await runCli(['acl', 'policy'])).stdout).toContain('Subcommands:\n    create    Create an ACL policy\n');
  });

  it('every acl command answers -help with its usage line, HTTP API Options and Command Options', async () => {
    const usages: Array<[string[], string]> = [
      [['acl', 'bootstrap'], 'Usage: kvgate acl bootstrap [options]'],
      [['acl', 'policy', 'create'], 'Usage: kvgate acl policy create -name NAME [options]'],
      [['acl', 'policy', 'read'], 'Usage: kvgate acl policy read [options] POLICY'],
      [['acl', 'policy', 'update'], 'Usage: kvgate acl policy update [options]'],
      [['acl', 'policy', 'delete'], 'Usage: kvgate acl policy delete [options] -id POLICY'],
      [['acl', 'policy', 'list'], 'Usage: kvgate acl policy list [options]'],
      [['acl', 'token', 'create'], 'Usage: kvgate acl token create [options]'],
      [['acl', 'token', 'read'], 'Usage: kvgate acl token read [options] -accessor-id TOKENID'],
      [['acl', 'token', 'update'], 'Usage: kvgate acl token update [options]'],
      [['acl', 'token', 'clone'], 'Usage: kvgate acl token clone [options]'],
      [['acl', 'token', 'delete'], 'Usage: kvgate acl token delete [options] -accessor-id TOKEN'],
      [['acl', 'token', 'list'], 'Usage: kvgate acl token list [options]'],
      [['acl', 'role', 'create'], 'Usage: kvgate acl role create -name NAME [options]'],
    ];
    for (const [command, usage] of usages) {
      const { code, stdout, stderr } = await runCli([...command, '-help']);
      expect({ command, code, stderr }).toEqual({ command, code: 0, stderr: '' });
      expect(stdout.startsWith(`${usage}\n`)).toBe(true);
      expect(stdout).toContain('HTTP API Options\n\n  -ca-file=<value>\n');
      expect(stdout).toContain('  -token=<value>\n     ACL token to use in the request.');
    }
  });

  it('options show their argument and wrapped text; deprecated -id and -merge-policies are hidden', async () => {
    const create = (await runCli(['acl', 'token', 'create', '--help'])).stdout;
    expect(create).toContain('  -expires-ttl=<duration>\n     Duration of time this token should be valid for\n');
    expect(create).toContain('  -format=<string>\n     Output format {pretty|json}\n');
    expect(create).toContain('  -policy-name=<value>\n     Name of a policy to use for this token. May be specified multiple\n     times\n');
    const update = (await runCli(['acl', 'token', 'update', '--help'])).stdout;
    expect(update).toContain('  -append-policy-name=<value>\n');
    expect(update).not.toMatch(/^ {2}-merge-policies$/m);
    expect(update).not.toMatch(/^ {2}-id=/m);
    expect(await runCli(['acl', 'token', 'update', '-merge-policie'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^flag provided but not defined: -merge-policie\nUsage:\n[\s\S]*\n {2}-merge-policies\n/),
    });
  });
});
