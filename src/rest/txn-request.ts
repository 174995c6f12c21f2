import { kvError } from '../errors.js';
import { decodeBase64 } from '../go/base64.js';
import { cannotUnmarshal, decodeJson, matchField, uint64Of, type JsonObject, type JsonValue } from '../go/json.js';
import type { TxnElement, TxnOp } from '../structs/txn.js';

/**
 * The body of PUT /v1/txn decoded as Consul decodes api.TxnOps (agent/txn_endpoint.go): Go's JSON with
 * unknown fields rejected and case-insensitive names, base64 values, exact uint64 numbers.
 * Elements with no operation ({}) are dropped. The first problem in the document is
 * reported, as Go's decoder does: 400 `Failed to parse body: ...`.
 */
export function decodeTxnBody(body: string): { elements: TxnElement[]; count: number } {
  const decoded = decodeJson(body);
  if (!decoded.ok) throw fail(decoded.error);
  const value = decoded.value;
  if (value === null) return { elements: [], count: 0 };
  if (!Array.isArray(value)) throw typeError(value, 'Go value of type api.TxnOps');
  const elements: TxnElement[] = [];
  for (const item of value) {
    if (item === null) continue;
    if (!(item instanceof Map)) throw typeError(item, 'Go value of type api.TxnOp');
    let element: TxnElement | null = null;
    for (const [name, member] of item) {
      const field = matchField(name, ['KV', 'Node', 'Service', 'Check']);
      if (field === undefined) throw fail(`json: unknown field ${JSON.stringify(name)}`);
      if (member === null) continue;
      if (field === 'KV') {
        if (!(member instanceof Map)) throw typeError(member, 'Go struct field TxnOp.KV of type api.KVTxnOp');
        element = { kv: kvOp(member) };
      } else if (element === null) {
        element = { unsupported: field as 'Node' | 'Service' | 'Check' };
      }
    }
    if (element !== null) elements.push(element);
  }
  return { elements, count: value.length };
}

const KV_FIELDS = ['Verb', 'Key', 'Value', 'Flags', 'Index', 'Session', 'Namespace', 'Partition'] as const;

function kvOp(object: JsonObject): TxnOp {
  const op: TxnOp = { verb: '', key: Buffer.alloc(0), value: Buffer.alloc(0), flags: 0n, index: 0n, session: '' };
  for (const [name, value] of object) {
    const field = matchField(name, KV_FIELDS);
    if (field === undefined) throw fail(`json: unknown field ${JSON.stringify(name)}`);
    if (value === null) continue;
    const where = `Go struct field KVTxnOp.KV.${field}`;
    switch (field) {
      case 'Verb':
        op.verb = text(value, where, 'api.KVOp');
        break;
      case 'Key':
        op.key = Buffer.from(text(value, where, 'string'));
        break;
      case 'Value': {
        const decoded = decodeBase64(text(value, where, '[]uint8'));
        if (decoded.error !== undefined) throw fail(decoded.error);
        op.value = decoded.bytes;
        break;
      }
      case 'Flags':
        op.flags = uint64(value, where);
        break;
      case 'Index':
        op.index = uint64(value, where);
        break;
      case 'Session':
        op.session = text(value, where, 'string');
        break;
      default:
        text(value, where, 'string'); // Namespace, Partition: Enterprise, ignored by CE
    }
  }
  return op;
}

function text(value: JsonValue, where: string, goType: string): string {
  if (typeof value !== 'string') throw typeError(value, `${where} of type ${goType}`);
  return value;
}

function uint64(value: JsonValue, where: string): bigint {
  const stored = uint64Of(value, `${where} of type uint64`);
  if (!stored.ok) throw fail(stored.error);
  return stored.value;
}

function typeError(value: JsonValue, target: string) {
  return fail(cannotUnmarshal(value, target));
}

function fail(detail: string) {
  return kvError('TXN_DECODE', detail);
}
