import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';

// The GraphQL-over-HTTP conformance audits of graphql-http, one test each, against the
// gateway's /graphql over a real socket. Every audit passes: MUST, SHOULD and MAY alike.

let gw: TestGateway;

useGateway((started) => ({ gw } = started));

const audits = serverAudits({ url: () => `${gw.base}/graphql`, fetchFn: fetch });

describe('graphql-http server audits', () => {
  it('covers the whole suite', () => {
    expect(audits.length).toBeGreaterThanOrEqual(60);
  });

  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status, result.status === 'ok' ? '' : `${result.reason} ${JSON.stringify(await result.response.text().catch(() => ''))}`).toBe('ok');
    });
  }
});
