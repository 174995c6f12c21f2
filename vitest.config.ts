import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every file starts its own redis-server(s); files run in parallel, tests inside a file
    // run in order because they share that server.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
