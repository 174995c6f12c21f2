/**
 * Every Redis key name kvgate uses (docs/architecture.md, "Redis keys"). All names of one datacenter share the
 * `{<dc>}` hash tag, so every script touches one Cluster slot. The Lua side derives the
 * same names from KEYS[1] in `lua/includes/names.lua`; a test keeps the two in step. The
 * per-session sets (held:<id>, sessnode:<node>) and lock-delay markers (lockdelay:<key>)
 * are only ever named by the Lua side.
 */
export interface DcNames {
  /** `<prefix>{<dc>}:` — the base every other name extends. */
  readonly base: string;
  /** The index counter; KEYS[1] of every script. */
  readonly idx: string;
  readonly meta: string;
  readonly keys: string;
  readonly feed: string;
  readonly dirs: string;
  readonly dirgc: string;
  readonly tomb: string;
  readonly tombidx: string;
  readonly tombgc: string;
  /** Session ids (zset, score 0), TTL deadlines (zset, ms on the Redis clock), registered nodes (set). */
  readonly sessions: string;
  readonly deadlines: string;
  readonly nodes: string;
  /** The string holding one entry; the key is raw bytes. */
  entry(key: Buffer): Buffer;
  /** The hash of one session (id lowercase). */
  session(id: string): string;
}

export const DEFAULT_KEY_PREFIX = 'kvgate:';

export function dcNames(dc: string, prefix = DEFAULT_KEY_PREFIX): DcNames {
  const base = `${prefix}{${dc}}:`;
  const entryBase = Buffer.from(`${base}e:`);
  return {
    base,
    idx: `${base}idx`,
    meta: `${base}meta`,
    keys: `${base}keys`,
    feed: `${base}feed`,
    dirs: `${base}dirs`,
    dirgc: `${base}dirgc`,
    tomb: `${base}tomb`,
    tombidx: `${base}tombidx`,
    tombgc: `${base}tombgc`,
    sessions: `${base}sessions`,
    deadlines: `${base}deadlines`,
    nodes: `${base}nodes`,
    entry: (key) => Buffer.concat([entryBase, key]),
    session: (id) => `${base}sess:${id}`,
  };
}
