import { expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';

// The headers yoga parses (Accept, Content-Type) are refused with 431 when longer than any
// real one, before yoga lists every media type of a long Accept in its answer.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));

it('a GraphQL GET with a 900 KB Accept header is refused with 431 within 2 s', async () => {
  const started = performance.now();
  const res = await http(gw.port, 'GET', '/graphql?query=%7B__typename%7D', { headers: { accept: `${'a/b;q=1,'.repeat(100_000)}x` } });
  expect(res.status).toBe(431);
  expect(JSON.parse(res.text).errors[0].extensions.code).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
  expect(performance.now() - started).toBeLessThan(2_000);
});

it('a GraphQL POST with a 100 KB Content-Type header is refused with 431', async () => {
  const res = await http(gw.port, 'POST', '/graphql', { headers: { 'content-type': `application/json${'; a=b'.repeat(20_000)}` }, body: '{"query":"{__typename}"}' });
  expect(res.status).toBe(431);
});

it('ordinary Accept and Content-Type headers are served', async () => {
  const res = await http(gw.port, 'POST', '/graphql', {
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/graphql-response+json, application/json;q=0.9' },
    body: '{"query":"{__typename}"}',
  });
  expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{"data":{"__typename":"Query"}}' });
});
