// The ACL part of Consul's Go api package (api/acl.go) over ApiClient: the same requests,
// the same bodies (json.Encoder output, so with a trailing newline) and the same result
// rules — reads by name answer null on 404, everything else that is not 200 is a
// StatusError.

import { encodeJson, type GoValue } from '../../go/json-encode.js';
import { escapeQuery } from '../../go/url.js';
import { decodePolicy, decodePolicyList, decodeRole, decodeRoleList, decodeToken, decodeTokenExpanded, decodeTokenList } from './acl-decode.js';
import { policyJson, roleJson, tokenJson } from './acl-json.js';
import type { AclPolicy, AclRole, AclToken, AclTokenExpanded } from './acl-structs.js';
import { decodeBody, StatusError, statusError, type ApiClient, type ApiResponse } from './client.js';

export class AclApi {
  constructor(private readonly client: ApiClient) {}

  /** PUT /v1/acl/bootstrap, with `{"BootstrapSecret"}` only when a secret is given. */
  async bootstrap(secret: string): Promise<AclToken> {
    return decodeToken(decodeBody(await this.write('PUT', '/v1/acl/bootstrap', secret === '' ? undefined : { BootstrapSecret: secret })));
  }

  async tokenCreate(token: AclToken): Promise<AclToken> {
    return decodeToken(decodeBody(await this.write('PUT', '/v1/acl/token', tokenJson(token))));
  }

  async tokenUpdate(token: AclToken): Promise<AclToken> {
    return decodeToken(decodeBody(await this.write('PUT', `/v1/acl/token/${token.AccessorID}`, tokenJson(token))));
  }

  async tokenClone(accessorId: string, description: string): Promise<AclToken> {
    return decodeToken(decodeBody(await this.write('PUT', `/v1/acl/token/${accessorId}/clone`, { Description: description })));
  }

  async tokenDelete(accessorId: string): Promise<void> {
    await this.write('DELETE', `/v1/acl/token/${accessorId}`);
  }

  async tokenRead(accessorId: string): Promise<AclToken> {
    return decodeToken(decodeBody(await this.client.requireOk('GET', `/v1/acl/token/${accessorId}`)));
  }

  async tokenReadExpanded(accessorId: string): Promise<AclTokenExpanded> {
    return decodeTokenExpanded(decodeBody(await this.client.requireOk('GET', `/v1/acl/token/${accessorId}`, { query: { expanded: 'true' } })));
  }

  /** The token the client sends, read by its secret. */
  async tokenReadSelf(): Promise<AclToken> {
    return decodeToken(decodeBody(await this.client.requireOk('GET', '/v1/acl/token/self')));
  }

  async tokenList(): Promise<AclToken[]> {
    return decodeTokenList(decodeBody(await this.client.requireOk('GET', '/v1/acl/tokens')));
  }

  async policyCreate(policy: AclPolicy): Promise<AclPolicy> {
    return decodePolicy(decodeBody(await this.write('PUT', '/v1/acl/policy', policyJson(policy))));
  }

  async policyUpdate(policy: AclPolicy): Promise<AclPolicy> {
    return decodePolicy(decodeBody(await this.write('PUT', `/v1/acl/policy/${policy.ID}`, policyJson(policy))));
  }

  /**
   * DELETE /v1/acl/policy/:id. Go's PolicyDelete drains and closes the body before it checks
   * the status, so its errors carry an empty body: `Unexpected response code: 403 ()`.
   */
  async policyDelete(id: string): Promise<void> {
    const response = await this.client.request('DELETE', `/v1/acl/policy/${id}`);
    if (response.status !== 200) throw new StatusError(response.status, '');
  }

  async policyRead(id: string): Promise<AclPolicy> {
    return decodePolicy(decodeBody(await this.client.requireOk('GET', `/v1/acl/policy/${id}`)));
  }

  /** The name travels url.QueryEscape'd inside the path (so it is escaped twice on the wire). */
  async policyReadByName(name: string): Promise<AclPolicy | null> {
    const response = await this.readOrNotFound(`/v1/acl/policy/name/${escapeQuery(name)}`);
    return response === null ? null : decodePolicy(decodeBody(response));
  }

  async policyList(): Promise<AclPolicy[]> {
    return decodePolicyList(decodeBody(await this.client.requireOk('GET', '/v1/acl/policies')));
  }

  async roleCreate(role: AclRole): Promise<AclRole> {
    return decodeRole(decodeBody(await this.write('PUT', '/v1/acl/role', roleJson(role))));
  }

  async roleUpdate(role: AclRole): Promise<AclRole> {
    return decodeRole(decodeBody(await this.write('PUT', `/v1/acl/role/${role.ID}`, roleJson(role))));
  }

  async roleDelete(id: string): Promise<void> {
    await this.write('DELETE', `/v1/acl/role/${id}`);
  }

  async roleRead(id: string): Promise<AclRole | null> {
    const response = await this.readOrNotFound(`/v1/acl/role/${id}`);
    return response === null ? null : decodeRole(decodeBody(response));
  }

  async roleReadByName(name: string): Promise<AclRole | null> {
    const response = await this.readOrNotFound(`/v1/acl/role/name/${escapeQuery(name)}`);
    return response === null ? null : decodeRole(decodeBody(response));
  }

  async roleList(): Promise<AclRole[]> {
    return decodeRoleList(decodeBody(await this.client.requireOk('GET', '/v1/acl/roles')));
  }

  private write(method: string, path: string, body?: GoValue): Promise<ApiResponse> {
    return this.client.requireOk(method, path, body === undefined ? {} : { body: `${encodeJson(body)}\n` });
  }

  /** Go's requireNotFoundOrOK: null on 404. */
  private async readOrNotFound(path: string): Promise<ApiResponse | null> {
    const response = await this.client.request('GET', path);
    if (response.status === 404) return null;
    if (response.status !== 200) throw statusError(response);
    return response;
  }
}
