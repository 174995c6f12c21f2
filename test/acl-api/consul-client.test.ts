import Consul from 'consul';
import { expect, it } from 'vitest';
import { ACL_ON, ROOT, tokenWithRules } from '../support/acl.js';
import { failureOf } from '../support/consul.js';
import { type TestGateway, useGateway } from '../support/gateway.js';

// node-consul with a token (its lower-case x-consul-token header), as against a Consul agent with ACLs.

let gw: TestGateway;
useGateway((started) => ({ gw } = started), ACL_ON);

it('a client given a token reads and writes what its policy allows, and sees Consul denials otherwise', async () => {
  const { SecretID } = await tokenWithRules(gw, 'client', 'key_prefix "svc/" { policy = "write" }\nsession_prefix "" { policy = "write" }');
  const consul = new Consul({ host: '127.0.0.1', port: gw.port, defaults: { token: SecretID } });
  expect(await consul.kv.set('svc/port', '8080')).toBe(true);
  expect((await consul.kv.get('svc/port'))?.Value).toBe('8080');
  const session = await consul.session.create({ ttl: '15s' });
  expect(await consul.kv.set({ key: 'svc/leader', value: 'me', acquire: session.ID })).toBe(true);
  expect(await failureOf(consul.kv.set('other', 'x'))).toMatchObject({ status: 403 });
  const anonymous = new Consul({ host: '127.0.0.1', port: gw.port });
  expect(await failureOf(anonymous.kv.get('svc/port'))).toMatchObject({ status: 403 });
  const root = new Consul({ host: '127.0.0.1', port: gw.port, defaults: { token: ROOT } });
  expect((await root.kv.keys('')).sort()).toEqual(['svc/leader', 'svc/port']);
});
