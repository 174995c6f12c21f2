import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) side by side without an exports map.
    // Node loads the CommonJS build for kvgate and for its libraries (yoga, Pothos); Vite would
    // give kvgate's own sources the ESM build, a second graphql whose instanceof checks fail
    // ("Cannot use GraphQLUnionType from another module or realm"). One copy, as in production.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Every file starts its own redis-server(s); files run in parallel, tests inside a file
    // run in order because they share that server.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
