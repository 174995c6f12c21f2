import { kvError } from '../errors.js';
import { parseDuration } from '../go/duration.js';
import { cannotUnmarshal, decodeJson, field, JsonNumber, type JsonObject, type JsonValue } from '../go/json.js';
import type { ServiceCheck, SessionRequest } from '../structs/session.js';

/** Consul reads a LockDelay below this many ns as seconds ("5" means 5 s). */
const LOCK_DELAY_MIN_THRESHOLD = 1000n;

/**
 * The body of PUT /v1/session/create decoded as Consul does (agent/session_endpoint.go)
 * onto the domain's defaults: field names matched case-insensitively (python-consul and
 * Patroni send lowercase), LockDelay as a Go duration string or nanoseconds. Errors are
 * Consul's 400 `Request decode failed: ...`.
 */
export function decodeSessionRequest(body: string | null, defaults: SessionRequest): SessionRequest {
  const request = defaults;
  if (body === null) return request;
  const decoded = decodeJson(body);
  if (!decoded.ok) throw kvError('SESSION_DECODE', decoded.error);
  const object = decoded.value;
  if (object === null) return request;
  if (!(object instanceof Map)) throw typeError(object, 'Go value of type structs.Session', '');
  const text = (name: string, goType = 'string'): string | undefined => {
    const { present, value } = field(object, name);
    if (!present || value === null) return undefined;
    if (typeof value !== 'string') throw typeError(value, `Go struct field Session.${name}`, goType);
    return value;
  };
  request.node = text('Node') ?? request.node;
  request.name = text('Name') ?? request.name;
  request.behavior = text('Behavior', 'structs.SessionBehavior') ?? request.behavior;
  request.ttl = text('TTL') ?? request.ttl;
  request.lockDelayNs = lockDelay(object) ?? request.lockDelayNs;
  request.nodeChecks = checkList(object, 'NodeChecks', request.nodeChecks);
  const checks = field(object, 'Checks');
  if (checks.present) {
    request.checksGiven = true;
    request.checks = checkList(object, 'Checks', null);
  }
  request.serviceChecks = serviceChecks(object);
  return request;
}

/** FixupLockDelay: "15s" as a duration, a number as ns; under 1000 ns means seconds; null keeps the default. */
function lockDelay(object: JsonObject): bigint | undefined {
  const { present, value } = field(object, 'LockDelay');
  if (!present || value === null) return undefined;
  let ns: bigint;
  if (typeof value === 'string') {
    const parsed = parseDuration(value);
    if (!parsed.ok) throw kvError('SESSION_DECODE', parsed.error);
    ns = parsed.ns;
  } else if (value instanceof JsonNumber) {
    // Go converts the float64 to a Duration (int64); clamp instead of wrapping around.
    ns = BigInt(Math.trunc(Math.max(-9.2e18, Math.min(9.2e18, Number(value.text)))));
  } else {
    return 0n;
  }
  return ns < LOCK_DELAY_MIN_THRESHOLD ? ns * 1_000_000_000n : ns;
}

function checkList(object: JsonObject, name: string, fallback: string[] | null): string[] | null {
  const { present, value } = field(object, name);
  if (!present) return fallback;
  if (value === null) return null;
  if (!Array.isArray(value)) throw typeError(value, `Go struct field Session.${name}`, '[]types.CheckID');
  return value.map((item) => {
    if (typeof item !== 'string') throw typeError(item, `Go struct field Session.${name}`, 'types.CheckID');
    return item;
  });
}

function serviceChecks(object: JsonObject): ServiceCheck[] | null {
  const { value } = field(object, 'ServiceChecks');
  if (value === null) return null;
  if (!Array.isArray(value)) throw typeError(value, 'Go struct field Session.ServiceChecks', '[]structs.ServiceCheck');
  return value.map((item) => {
    if (!(item instanceof Map)) throw typeError(item, 'Go struct field Session.ServiceChecks', 'structs.ServiceCheck');
    const part = (name: string) => {
      const { value: v } = field(item, name);
      if (v !== null && typeof v !== 'string') throw typeError(v, `Go struct field Session.ServiceChecks.${name}`, 'string');
      return v ?? '';
    };
    return { ID: part('ID'), Namespace: part('Namespace') };
  });
}

function typeError(value: JsonValue, target: string, goType: string) {
  return kvError('SESSION_DECODE', cannotUnmarshal(value, `${target}${goType ? ` of type ${goType}` : ''}`));
}
