// Links this checkout's own `kvgate` into node_modules/.bin, which npm does only for
// dependencies, so `node_modules/.bin/kvgate` (and `npx kvgate`) work after `npm ci`.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';

const target = '../../dist/cli/main.js';
if (existsSync('node_modules') && existsSync('dist/cli/main.js')) {
  mkdirSync('node_modules/.bin', { recursive: true });
  rmSync('node_modules/.bin/kvgate', { force: true });
  symlinkSync(target, 'node_modules/.bin/kvgate');
  chmodSync('dist/cli/main.js', 0o755);
}
