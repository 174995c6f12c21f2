import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SERVE_OPTIONS } from '../src/config.js';
import { optionUsage } from '../src/options/option-table.js';

// The README's configuration table is what users read; it must list every option.

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

it('the README documents every serve option with its flag and environment variable', () => {
  for (const option of Object.values(SERVE_OPTIONS)) {
    // A "|" inside a table cell is written "\|".
    expect(readme).toContain(`| \`${optionUsage(option).replaceAll('|', '\\|')}\` | \`${option.env}\` |`);
  }
});

it('.ci/run runs exactly the README test command', () => {
  const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
  expect(readme).toContain('npm ci && npm test');
  expect(ci).toContain('npm ci && npm test');
});
