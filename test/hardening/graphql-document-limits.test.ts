import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { gql, subscribe, wsClient } from '../support/graphql.js';

// A GraphQL document is bounded before and while it is parsed: at most 10 000 tokens, at
// most 128 levels of nesting (checked by a scan of the text, before the recursive parser
// runs), and the parsed-document cache keeps only small documents, within a byte budget.
// Over HTTP and graphql-ws alike.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

/** A selection set `levels` deep. */
const deep = (levels: number) => `{${'a {'.repeat(levels)} b ${'}'.repeat(levels)}}`;

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe('over HTTP', () => {
  it('a document of 0.9 MB of tokens is refused at the token limit within 2 s', async () => {
    const { result, ms } = await timed(() => gql(gw, `{ ${'a '.repeat(450_000)}}`));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/Document contains more th[ae][nt] 10000 tokens/);
    expect(ms).toBeLessThan(2_000);
  });

  it('selection sets 5 000 deep are refused with 400 before parsing, not a 500', async () => {
    const reply = await gql(gw, deep(5_000));
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]).toMatchObject({ message: 'Document nests deeper than 128 levels', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });

  it('list values 5 000 deep in an argument are refused the same way', async () => {
    const reply = await gql(gw, `{ entry(key: ${'['.repeat(5_000)}${']'.repeat(5_000)}) { key } }`);
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]?.message).toBe('Document nests deeper than 128 levels');
  });

  it('brackets inside strings, block strings and comments do not count as nesting', async () => {
    const brackets = '{'.repeat(1_000);
    const reply = await gql(gw, `# ${brackets}\n{ entry(key: "${brackets}") { key } b: entry(key: """${brackets}""") { key } }`);
    expect(reply).toMatchObject({ status: 200, data: { entry: null, b: null } });
  });

  it('a hundred distinct documents of 9 000 tokens each leave the heap within 64 MB', async () => {
    const before = heapUsed();
    for (let i = 0; i < 100; i++) await gql(gw, `# ${i}\n{ ${'a '.repeat(9_000)}}`);
    expect(heapUsed() - before).toBeLessThan(64 << 20);
  });
});

describe('over graphql-ws', () => {
  it('a subscription document 5 000 deep is an error for that operation, the socket stays open', async () => {
    const client = wsClient(gw);
    try {
      const failure = await subscribe(client, `subscription ${deep(5_000)}`).ended.then(() => 'completed', (err: unknown) => JSON.stringify(err));
      expect(failure).toContain('Document nests deeper than 128 levels');
      const tokens = await subscribe(client, `subscription { ${'a '.repeat(20_000)}}`).ended.then(() => 'completed', (err: unknown) => JSON.stringify(err));
      expect(tokens).toMatch(/Document contains more th[ae][nt] 10000 tokens/);
      expect(await subscribe(client, '{ __typename }').next()).toEqual({ __typename: 'Query' });
    } finally {
      await client.dispose();
    }
  });
});
