import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { http } from './http.js';
import { waitFor } from './wait.js';

// Runs the built `kvgate` CLI (dist/cli/main.js) as a subprocess, the way a user does.

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_BIN = join(ROOT, 'dist', 'cli', 'main.js');

/**
 * Fails clearly when dist/ is missing or older than any of `sources` (files or folders, from
 * the repository's root): run `npm run build` (`npm test` does).
 */
export function assertBuilt(sources: readonly string[] = ['src/cli']): void {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run "npm run build" first (npm test does)`);
  const built = statSync(CLI_BIN).mtimeMs;
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path, { withFileTypes: true }).flatMap((e) => walk(join(path, e.name))) : [path];
  for (const source of sources.flatMap((s) => walk(join(ROOT, s)))) {
    if (statSync(source).mtimeMs > built) throw new Error(`${source} is newer than ${CLI_BIN}: run "npm run build" first (npm test does)`);
  }
}

/** The test run's environment without Consul's or kvgate's variables (nor REDIS_URL), plus `extra`. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('CONSUL_') || name.startsWith('KVGATE_') || name === 'REDIS_URL') delete env[name];
  return { ...env, ...extra };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<CliResult>;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr contains `text`; rejects after `timeoutMs` with what was seen. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

const started: CliProcess[] = [];

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Bytes on stdin (closed right after); stdin is an empty pipe otherwise. */
  stdin?: string | Buffer;
  cwd?: string;
}

/**
 * Starts `kvgate <args>` in its own process group, so that killAll() also reaches the
 * children it starts (lock and watch handlers).
 */
export function startCli(args: readonly string[], options: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? cliEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const out: Buffer[] = [];
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out.push(chunk);
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stdin?.on('error', () => {});
  child.stdin?.end(options.stdin ?? '');
  const exited = new Promise<CliResult>((resolve) =>
    child.once('close', (code, signal) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdout: stdoutBytes.toString(), stderr: err, stdoutBytes });
    }),
  );
  const proc: CliProcess = {
    child,
    pid: child.pid as number,
    exited,
    stdout: () => Buffer.concat(out).toString(),
    stderr: () => err,
    waitForOutput(text, timeoutMs = 20_000) {
      const seen = () => {
        const all = `${proc.stdout()}${err}`;
        return typeof text === 'string' ? all.includes(text) : text.test(all);
      };
      return new Promise<void>((resolve, reject) => {
        if (seen()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; stdout: ${proc.stdout()} stderr: ${err}`));
        }, timeoutMs);
        const check = () => {
          if (!seen()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then(check);
      });
    },
  };
  started.push(proc);
  return proc;
}

/** Runs `kvgate <args>` to completion. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited;
}

/** SIGKILLs every process group this file started that is still running (call in afterEach). */
export async function killAll(): Promise<void> {
  for (const proc of started.splice(0)) {
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    if (proc.child.exitCode === null && proc.child.signalCode === null) await proc.exited;
  }
}

/**
 * Resolves once the `kvgate serve` child on port reports a leader (its Redis answers); fails
 * with the child's output when it exits first or is not serving within ms.
 */
export async function untilServing(child: ChildProcess, port: number, output: () => string, ms = 20_000): Promise<void> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const leader = async () => {
    const res = await http(port, 'GET', '/v1/status/leader');
    return res.status === 200 && res.text !== '""';
  };
  try {
    await waitFor(async () => exited() || (await leader()), `kvgate on port ${port} to serve`, ms);
  } catch (err) {
    throw new Error(`${(err as Error).message}:\n${output()}`);
  }
  if (exited()) throw new Error(`kvgate exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
}

const tempDirs: string[] = [];

export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kvgate-cli-${name}-`));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
