import { describe, expect, it } from 'vitest';
import { decodeJson, unmarshalJson } from '../../src/go/json.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';

// Request bodies nest as deep as Go's encoding/json allows (maxNestingDepth, 10 000 in
// scanner.go); one bracket more is Go's syntax error `invalid character '[' exceeded max
// depth`, answered as the endpoint answers any decode error, never a 500.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));

const nested = (depth: number, open = '[', close = ']', inner = '') => open.repeat(depth) + inner + close.repeat(depth);

describe('the Go JSON decoder', () => {
  it('reads 10 000 levels and refuses the 10 001st opening bracket', () => {
    expect(decodeJson(nested(10_000)).ok).toBe(true);
    expect(unmarshalJson(nested(10_000, '{"a":', '}', '1')).ok).toBe(true);
    expect(decodeJson(nested(10_001))).toEqual({ ok: false, error: "invalid character '[' exceeded max depth" });
    expect(unmarshalJson(`[${nested(10_000, '{"a":', '}', '1')}]`)).toEqual({ ok: false, error: "invalid character '{' exceeded max depth" });
  });

  it('reports a syntax error met before the depth limit first, as Go scans left to right', () => {
    expect(decodeJson(`[1}${nested(20_000)}`)).toEqual({ ok: false, error: "invalid character '}' after array element" });
    expect(decodeJson(nested(10_001).slice(0, 10_001))).toEqual({ ok: false, error: "invalid character '[' exceeded max depth" });
  });

  it('reads a million levels without overflowing the stack', () => {
    expect(decodeJson(nested(1_000_000))).toEqual({ ok: false, error: "invalid character '[' exceeded max depth" });
  });
});

describe('PUT /v1/txn', () => {
  it('a body nested 9 000 deep is decoded and refused for its type, not a 500', async () => {
    const res = await http(gw.port, 'PUT', '/v1/txn', { body: nested(9_000) });
    expect({ status: res.status, text: res.text }).toEqual({ status: 400, text: 'Failed to parse body: json: cannot unmarshal array into Go value of type api.TxnOp' });
  });

  it('a body nested 20 000 deep answers 400 exceeded max depth', async () => {
    const res = await http(gw.port, 'PUT', '/v1/txn', { body: nested(20_000) });
    expect({ status: res.status, text: res.text }).toEqual({ status: 400, text: "Failed to parse body: invalid character '[' exceeded max depth" });
  });
});

describe('PUT /v1/session/create', () => {
  it('an unknown field nested 9 000 deep is decoded and ignored, as Go ignores it', async () => {
    const res = await http(gw.port, 'PUT', '/v1/session/create', { body: `{"Name":"deep","Extra":${nested(9_000)}}` });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveProperty('ID');
  });

  it('a body nested 20 000 deep answers 400 exceeded max depth', async () => {
    const res = await http(gw.port, 'PUT', '/v1/session/create', { body: nested(20_000, '{"a":', '}', '1') });
    expect({ status: res.status, text: res.text }).toEqual({ status: 400, text: "Request decode failed: invalid character '{' exceeded max depth" });
  });
});
