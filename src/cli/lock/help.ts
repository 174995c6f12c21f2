// The flags and help text of `kvgate lock` (command/lock/lock.go).

import type { FlagDefs } from '../flags.js';

export const LOCK_FLAGS: FlagDefs = {
  'child-exit-code': {
    kind: 'bool',
    usage: "Exit 2 if the child process exited with an error if this is true, otherwise this doesn't propagate an error from the child. The default value is false.",
  },
  n: {
    kind: 'int',
    default: 1,
    usage:
      'Optional limit on the number of concurrent lock holders. The underlying implementation switches from a lock to a semaphore when the value is greater than 1. The default value is 1.',
  },
  'monitor-retry': {
    kind: 'int',
    default: 3,
    usage:
      'Number of times to retry if Consul returns a 500 error while monitoring the lock. This allows riding out brief periods of unavailability without causing leader elections, ' +
      'but increases the amount of time required to detect a lost lock in some cases. The default value is 3, with a 1s wait between retries. Set this value to 0 to disable retires.',
  },
  name: {
    kind: 'string',
    usage: 'Optional name to associate with the lock session. It not provided, one is generated based on the provided child command.',
  },
  'pass-stdin': { kind: 'bool', usage: 'Pass stdin to the child process.' },
  shell: {
    kind: 'bool',
    default: true,
    usage: 'Use a shell to run the command (can set a custom shell via the SHELL environment variable).',
  },
  timeout: {
    kind: 'duration',
    usage: 'Maximum amount of time to wait to acquire the lock, specified as a duration like "1s" or "3h". The default value is 0.',
  },
  verbose: { kind: 'bool', usage: 'Enable verbose (debugging) output.' },
  try: { kind: 'duration', usage: 'DEPRECATED. Use -timeout instead.' },
};

export const LOCK_HELP = `
Usage: kvgate lock [options] prefix child...

  Acquires a lock or semaphore at a given path, and invokes a child process
  when successful. The child process can assume the lock is held while it
  executes. If the lock is lost or communication is disrupted the child
  process will be sent a SIGTERM signal and given time to gracefully exit.
  After the grace period expires the process will be hard terminated.

  The child runs with CONSUL_LOCK_HELD=true in its environment, through
  $SHELL -c (default /bin/sh) unless -shell=false. SIGINT and SIGTERM are
  forwarded to the child; the lock is released once the child has exited.

  When -n=1, only a single lock holder or leader exists providing mutual
  exclusion. Setting a higher value switches to a semaphore allowing multiple
  holders to coordinate.

  The prefix provided must have write privileges.
`;
