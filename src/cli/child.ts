// The child processes `kvgate lock` and `kvgate watch` run, as Consul runs them
// (agent/exec): through `$SHELL -c` (default /bin/sh) with the arguments joined by spaces,
// or directly with -shell=false; stdout and stderr shared with kvgate; exit failures worded
// like Go's os/exec ("exit status 2", "signal: terminated").

import { spawn, type ChildProcess } from 'node:child_process';
import { execErrorText, exitText } from '../go/os-errors.js';

export interface ChildOptions {
  args: readonly string[];
  shell: boolean;
  env: NodeJS.ProcessEnv;
  /** Inherit kvgate's stdin, /dev/null, or these bytes on a pipe. */
  stdin: 'inherit' | 'ignore' | Buffer;
}

export interface ChildExit {
  /** False when the process could not be started at all. */
  started: boolean;
  /** Go's exec error text, or null when the child exited 0. */
  error: string | null;
}

export class Child {
  readonly exited: Promise<ChildExit>;
  private done = false;
  private readonly process: ChildProcess;

  constructor(options: ChildOptions) {
    const [file, ...args] = options.shell ? [options.env.SHELL || '/bin/sh', '-c', options.args.join(' ')] : options.args;
    const stdin = Buffer.isBuffer(options.stdin) ? 'pipe' : options.stdin;
    this.process = spawn(file as string, args, { env: options.env, stdio: [stdin, 'inherit', 'inherit'] });
    this.exited = new Promise<ChildExit>((resolve) => {
      this.process.once('error', (err: NodeJS.ErrnoException) => {
        this.done = true;
        resolve({ started: false, error: execErrorText(file as string, err) });
      });
      this.process.once('exit', (code, signal) => {
        this.done = true;
        resolve({ started: true, error: exitText(code, signal) });
      });
    });
    if (Buffer.isBuffer(options.stdin) && this.process.stdin) {
      this.process.stdin.on('error', () => {}); // a handler that does not read its input is fine
      this.process.stdin.end(options.stdin);
    }
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return !this.done && this.process.pid !== undefined;
  }

  /** Sends a signal if the child still runs; false when it had already exited. */
  signal(signal: NodeJS.Signals): boolean {
    return this.running && this.process.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited after the grace period (Consul's killChild). */
  async terminate(graceMs: number, log: (message: string) => void = () => {}): Promise<void> {
    if (!this.running) {
      log('No child process to kill');
      return;
    }
    log(`Terminating child pid ${this.pid}`);
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
    const timedOut = await Promise.race([this.exited.then(() => false), graceOver]);
    clearTimeout(timer);
    if (!timedOut) {
      log('Child terminated');
      return;
    }
    log(`Child did not exit after grace period of ${graceMs / 1000}s`);
    log(`Killing child pid ${this.pid}`);
    this.signal('SIGKILL');
    await this.exited;
  }
}
