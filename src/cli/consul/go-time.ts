// The time.Time values of Consul's ACL objects (CreateTime, ExpirationTime) as the Go client
// handles them: decoded from RFC 3339 JSON, printed by the CLI with `%v` (Time.String) and
// re-encoded by `-format json` (RFC 3339 with nanoseconds, trailing zeros trimmed).

/** A parsed time: the wall clock as written plus its UTC offset and zone name. */
export interface GoTime {
  /** `YYYY-MM-DD` and `hh:mm:ss` as written. */
  date: string;
  clock: string;
  /** Nanoseconds, 0–999 999 999. */
  nanos: number;
  /** Seconds east of UTC. */
  offset: number;
  /** The zone abbreviation Time.String prints; '' for Go's unnamed FixedZone. */
  zone: string;
  /** Milliseconds since the epoch (for comparisons). */
  epochMs: number;
}

/** Go's zero time.Time, which encoding/json writes as `0001-01-01T00:00:00Z`. */
export const ZERO_TIME: GoTime = { date: '0001-01-01', clock: '00:00:00', nanos: 0, offset: 0, zone: 'UTC', epochMs: -62_135_596_800_000 };

const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** time.Time.UnmarshalJSON's RFC 3339 parse, or null for text Go would refuse. */
export function parseGoTime(text: string): GoTime | null {
  const match = RFC3339.exec(text);
  if (match === null) return null;
  const [, date, clock, fraction = '', zoneText] = match as unknown as [string, string, string, string | undefined, string];
  const nanos = Number(fraction.padEnd(9, '0'));
  const wall = Date.parse(`${date}T${clock}Z`);
  if (Number.isNaN(wall)) return null;
  if (zoneText === 'Z') return { date, clock, nanos, offset: 0, zone: 'UTC', epochMs: wall };
  const sign = zoneText.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zoneText.slice(1, 3)) * 3600 + Number(zoneText.slice(4, 6)) * 60);
  const epochMs = wall - offset * 1000;
  // Go gives the time the local zone when that zone has this offset at that instant.
  const local = -new Date(epochMs).getTimezoneOffset() * 60 === offset ? localZoneName(epochMs) : '';
  return { date, clock, nanos, offset, zone: local, epochMs };
}

/** Time.String: `2006-01-02 15:04:05.999999999 -0700 MST` (an unnamed zone prints its offset twice). */
export function goTimeString(t: GoTime): string {
  const offset = formatOffset(t.offset, '');
  return `${t.date} ${t.clock}${fraction(t.nanos)} ${offset} ${t.zone === '' ? offset : t.zone}`;
}

/** Time.MarshalJSON's text (RFC 3339 with nanoseconds; `Z` for a zero offset). */
export function goTimeJson(t: GoTime): string {
  return `${t.date}T${t.clock}${fraction(t.nanos)}${t.offset === 0 ? 'Z' : formatOffset(t.offset, ':')}`;
}

function fraction(nanos: number): string {
  return nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

function formatOffset(seconds: number, separator: string): string {
  const minutes = Math.abs(seconds) / 60;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${seconds < 0 ? '-' : '+'}${pad(minutes / 60)}${separator}${pad(minutes % 60)}`;
}

/** The local zone's abbreviation at an instant, as close to Go's tzdata name as Intl gets. */
function localZoneName(epochMs: number): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}
