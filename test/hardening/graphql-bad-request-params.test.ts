import { describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http, type RawResponse } from '../support/http.js';

// GraphQL-over-HTTP: parameters the server cannot read are a request error (400 and a
// JSON error), whatever the transport they came in and whatever the client accepts.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));

const QUERY = encodeURIComponent('{__typename}');
const ACCEPTS = ['application/json', 'application/graphql-response+json'];

function expectRequestError(res: RawResponse): void {
  expect(res.status, res.text).toBe(400);
  const body = JSON.parse(res.text) as { errors: Array<{ message: string; extensions?: { code?: string } }> };
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]?.extensions?.code).toBe('BAD_REQUEST');
  expect(body).not.toHaveProperty('data');
}

describe('GET', () => {
  for (const accept of ACCEPTS) {
    it(`variables that are not JSON answer 400 (Accept: ${accept})`, async () => {
      expectRequestError(await http(gw.port, 'GET', `/graphql?query=${QUERY}&variables=zz`, { headers: { accept } }));
    });

    it(`extensions that are not JSON answer 400 (Accept: ${accept})`, async () => {
      expectRequestError(await http(gw.port, 'GET', `/graphql?query=${QUERY}&extensions=%7Bzz`, { headers: { accept } }));
    });
  }

  it('variables that are JSON but not an object answer 400', async () => {
    expectRequestError(await http(gw.port, 'GET', `/graphql?query=${QUERY}&variables=%5B1%5D`));
  });
});

describe('POST', () => {
  const post = (contentType: string, body: string) => http(gw.port, 'POST', '/graphql', { headers: { 'content-type': contentType }, body });

  it('a form-encoded POST with variables that are not JSON answers 400', async () => {
    expectRequestError(await post('application/x-www-form-urlencoded', `query=${QUERY}&variables=zz`));
  });

  it('a JSON POST with variables that are not an object answers 400', async () => {
    for (const variables of ['"zz"', '1', '[]', '"{}"']) expectRequestError(await post('application/json', `{"query":"{__typename}","variables":${variables}}`));
  });

  it('a multipart POST without a readable operations field answers 400', async () => {
    const form = (name: string, value: string) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--b--\r\n`;
    expectRequestError(await post('multipart/form-data; boundary=b', form('operations', 'zz')));
    expectRequestError(await post('multipart/form-data; boundary=b', form('other', '{}')));
  });

  it('readable parameters are still served', async () => {
    const res = await post('application/x-www-form-urlencoded', `query=${QUERY}&variables=%7B%7D`);
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{"data":{"__typename":"Query"}}' });
  });
});
