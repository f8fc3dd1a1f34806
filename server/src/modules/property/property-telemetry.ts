/**
 * Telemetry: `device_telemetry`, partitioned by range on `at`, one partition per UTC day, made ahead
 * of time and dropped past the retention (PROPERTY_RETENTION_DAYS). Every message taken in is a row
 * (heartbeats too, flagged and left out of history): its unique key (device, at, message id) is how
 * ingestion drops redeliveries. History is read downsampled with date_bin into at most a few hundred
 * buckets, so a chart over a month stays small.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db.js';

const DAY = 86_400_000;
const partName = (day: Date) => `device_telemetry_p${day.toISOString().slice(0, 10).replaceAll('-', '')}`;
const dayStart = (t: Date) => new Date(Math.floor(t.getTime() / DAY) * DAY);
const known = new WeakMap<Db, Set<string>>();

/** Makes the day partitions from `daysBack` before to `daysAhead` after `around` (idempotent). */
export async function ensurePartitions(db: Db, around = new Date(), daysBack = 1, daysAhead = 2): Promise<string[]> {
  const made: string[] = [];
  const set = known.get(db) ?? new Set<string>();
  known.set(db, set);
  for (let d = -daysBack; d <= daysAhead; d++) {
    const from = new Date(dayStart(around).getTime() + d * DAY);
    const name = partName(from);
    if (set.has(name)) continue;
    const to = new Date(from.getTime() + DAY);
    try {
      await db.execute(sql.raw(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF device_telemetry FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`));
      made.push(name);
    } catch (e) {
      // Another process made it at the same moment.
      if (!/already exists/.test(String((e as Error).message) + String((e as { cause?: Error }).cause?.message))) throw e;
    }
    set.add(name);
  }
  return made;
}

/** The partitions there are, oldest first. */
export async function listPartitions(db: Db): Promise<string[]> {
  const r = await rows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'device_telemetry' ORDER BY c.relname`,
  );
  return r.map((x) => x.name);
}

/** Drops whole days older than the retention (and with them what deduplicates those days' messages), and the invalid messages and webhook nonces past it. */
export async function applyRetention(db: Db, retentionDays: number, now = new Date()): Promise<{ dropped: string[] }> {
  const cutoff = dayStart(new Date(now.getTime() - retentionDays * DAY));
  const dropped: string[] = [];
  for (const name of await listPartitions(db)) {
    const m = /^device_telemetry_p(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (!m) continue;
    const day = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
    if (day.getTime() + DAY <= cutoff.getTime()) {
      await db.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
      known.get(db)?.delete(name);
      dropped.push(name);
    }
  }
  await db.execute(sql`DELETE FROM device_invalid_messages WHERE received_at < ${cutoff.toISOString()}`);
  await db.execute(sql`DELETE FROM device_webhook_nonces WHERE seen_at < ${new Date(now.getTime() - 3600_000).toISOString()}`);
  return { dropped };
}

/** A device's history between two times in at most `points` buckets: avg/min/max of the number and the readings per bucket (its alarms are its alerts). */
export async function readHistory(db: Db, deviceId: string, from: Date, to: Date, points: number) {
  const span = Math.max(1, to.getTime() - from.getTime());
  const bucketSeconds = Math.max(1, Math.ceil(span / 1000 / points));
  const r = await rows<{ at: Date | string; avg: number | null; min: number | null; max: number | null; count: number }>(
    db,
    sql`SELECT date_bin(${`${bucketSeconds} seconds`}::interval, at, ${from.toISOString()}::timestamptz) AS at,
          avg(value)::float8 AS avg, min(value)::float8 AS min, max(value)::float8 AS max, count(*)::int AS count
        FROM device_telemetry WHERE device_id = ${deviceId} AND at >= ${from.toISOString()} AND at < ${to.toISOString()} AND NOT heartbeat
        GROUP BY 1 ORDER BY 1`,
  );
  return { bucketSeconds, points: r.map((x) => ({ ...x, at: new Date(x.at).toISOString() })) };
}
