/**
 * SQL of the dashboards' rollups (tables in supervision.schema.ts). One definition of what a ticket
 * counts for (`facts`), used three ways: folding the trigger's deltas into `ticket_rollups`, rebuilding
 * them from `tickets`, and adding the not yet folded deltas to every read, so a read is exact.
 *
 * A ticket counts, by Shanghai day:
 * - kind c, on its creation day: n (受理), c1 live (立案: not cancelled/merged), c2 dispatched, c3 accepted,
 *   c4 reported (or closed), c5 closed now, c6 closed and rated, c7 open now (incl. shelved), c8 extended;
 * - kind d, on its deadline day: n (any), c3 due (应结案: live, not shelved), c1 closed on time, c2 reworked —
 *   the closing is in `day2` (only a closed ticket has one, and a closed ticket is due), so "closed
 *   before T" is `day2 < T` for any T after the period;
 * - kind x, on its closing day: n, c1 rated, c2 satisfied (满意/基本满意), c3/c4 the same of those still
 *   closed, hours (sum of hours to close);
 * - kind h, on its closing day: n by whole hours to close (`bin`), for the 90th percentile.
 * These are the definitions of ticket-metrics and of the dashboard's scan (supervision.repository).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';

const DAY = (col: string) => sql.raw(`(${col} AT TIME ZONE 'Asia/Shanghai')::date`);
const LIVE = sql.raw(`status NOT IN ('cancelled', 'merged')`);
const OPEN_NOW = sql.raw(`status IN ('registered', 'dispatched', 'in_progress', 'reported', 'shelved')`);
const SATISFIED = sql.raw(`coalesce(rating IN ('satisfied', 'basically_satisfied'), false)`);
const KEY = sql.raw('county_code, lvl, kind, grain, day, dim, scope, category_code, day2, bin');

/**
 * The rollup rows (all three grains) of a source of ticket states. `src` yields sign, county_code,
 * place, team_id (text), category_code, status, created_at, deadline_at, accepted_at, reported_at,
 * closed_at, closed_on_time, reworks, extensions, rating.
 */
export function facts(src: SQL): SQL {
  const b = (x: string) => sql.raw(`(${x})::int * sign`);
  return sql`
    WITH s AS (SELECT *, ${DAY('created_at')} AS cd, ${DAY('deadline_at')} AS dd, ${DAY('closed_at')} AS xd, ${LIVE} AS live,
                      extract(epoch FROM closed_at - created_at) / 3600 AS h FROM (${src}) src0),
    k AS (
      SELECT county_code, place, team_id, 'c' AS kind, cd AS day, category_code AS cat, 'infinity'::date AS day2, 0 AS bin, sign AS n,
             ${b('live')} AS c1, ${b(`live AND status <> 'registered'`)} AS c2, ${b('live AND accepted_at IS NOT NULL')} AS c3,
             ${b(`live AND (reported_at IS NOT NULL OR status = 'closed')`)} AS c4, ${b(`status = 'closed'`)} AS c5,
             ${b(`status = 'closed' AND rating IS NOT NULL`)} AS c6, (${OPEN_NOW})::int * sign AS c7, ${b('live AND extensions > 0')} AS c8, 0::float8 AS hours
      FROM s
      UNION ALL
      SELECT county_code, place, team_id, 'd', dd, '', CASE WHEN status = 'closed' AND closed_at IS NOT NULL THEN greatest(xd, dd) ELSE 'infinity'::date END, 0, sign,
             ${b(`status = 'closed' AND closed_on_time IS TRUE`)}, ${b(`status = 'closed' AND reworks > 0`)}, ${b(`live AND status <> 'shelved'`)}, 0, 0, 0, 0, 0, 0
      FROM s WHERE deadline_at IS NOT NULL
      UNION ALL
      SELECT county_code, place, team_id, 'x', xd, '', 'infinity'::date, 0, sign,
             ${b('rating IS NOT NULL')}, (${SATISFIED})::int * sign, ${b(`status = 'closed' AND rating IS NOT NULL`)}, (status = 'closed' AND ${SATISFIED})::int * sign, 0, 0, 0, 0, h * sign
      FROM s WHERE closed_at IS NOT NULL
      UNION ALL
      SELECT county_code, place, team_id, 'h', xd, '', 'infinity'::date, floor(h)::int, sign, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM s WHERE closed_at IS NOT NULL),
    dly AS (
      SELECT k.county_code, d.lvl, k.kind, 'd'::text AS grain, k.day, d.dim, d.scope, d.cat AS category_code, k.day2, k.bin,
             sum(n) AS n, sum(c1) AS c1, sum(c2) AS c2, sum(c3) AS c3, sum(c4) AS c4, sum(c5) AS c5, sum(c6) AS c6, sum(c7) AS c7, sum(c8) AS c8, sum(hours) AS hours
      FROM k CROSS JOIN LATERAL (VALUES
        (6::smallint, substr(k.place, 1, 6), ''::text, CASE WHEN k.kind = 'c' THEN k.cat ELSE '' END),
        (9::smallint, substr(k.place, 1, 9), '', CASE WHEN k.kind = 'c' THEN k.cat ELSE '' END),
        (12::smallint, substr(k.place, 1, 12), '', ''),
        (15::smallint, substr(k.place, 1, 15), '', ''),
        (0::smallint, k.team_id, substr(k.place, 1, 15), '')) d(lvl, dim, scope, cat)
      WHERE d.dim IS NOT NULL AND (d.lvl <> 15 OR k.kind = 'c')
      GROUP BY 1, 2, 3, 5, 6, 7, 8, 9, 10),
    coarse AS (
      SELECT dly.*, p.grain AS g2, p.start, p.stop FROM dly CROSS JOIN LATERAL (VALUES
        ('k', dly.day - (CASE WHEN extract(day FROM dly.day) <= 10 THEN extract(day FROM dly.day) - 1 WHEN extract(day FROM dly.day) <= 20 THEN extract(day FROM dly.day) - 11 ELSE extract(day FROM dly.day) - 21 END)::int,
              CASE WHEN extract(day FROM dly.day) <= 20 THEN dly.day - (CASE WHEN extract(day FROM dly.day) <= 10 THEN extract(day FROM dly.day) - 1 ELSE extract(day FROM dly.day) - 11 END)::int + 10
                   ELSE (date_trunc('month', dly.day) + interval '1 month')::date END),
        ('m', date_trunc('month', dly.day)::date, (date_trunc('month', dly.day) + interval '1 month')::date)) p(grain, start, stop))
    SELECT county_code, lvl, kind, grain, day, dim, scope, category_code, day2, bin, n, c1, c2, c3, c4, c5, c6, c7, c8, hours FROM dly
    UNION ALL
    SELECT county_code, lvl, kind, g2, start, dim, scope, category_code, CASE WHEN kind = 'd' THEN greatest(day2, stop - 1) ELSE day2 END, bin,
           sum(n), sum(c1), sum(c2), sum(c3), sum(c4), sum(c5), sum(c6), sum(c7), sum(c8), sum(hours)
    FROM coarse GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`;
}

const TICKET_STATE = sql.raw(
  'county_code, place_code AS place, team_id::text AS team_id, category_code, status, created_at, deadline_at, accepted_at, reported_at, closed_at, closed_on_time, reworks, extensions, rating',
);
const DELTA_STATE = sql.raw('sign, county_code, place, team_id, category_code, status, created_at, deadline_at, accepted_at, reported_at, closed_at, closed_on_time, reworks, extensions, rating');

/** Adds rollup rows (from `facts`) into ticket_rollups, in key order (concurrent folds lock rows in one order). */
function upsert(factsSql: SQL): SQL {
  return sql`INSERT INTO ticket_rollups (${KEY}, n, c1, c2, c3, c4, c5, c6, c7, c8, hours)
    SELECT ${KEY}, n, c1, c2, c3, c4, c5, c6, c7, c8, hours FROM (${factsSql}) f
    WHERE n <> 0 OR c1 <> 0 OR c2 <> 0 OR c3 <> 0 OR c4 <> 0 OR c5 <> 0 OR c6 <> 0 OR c7 <> 0 OR c8 <> 0 OR hours <> 0
    ORDER BY ${KEY}
    ON CONFLICT (${KEY}) DO UPDATE SET n = ticket_rollups.n + excluded.n, c1 = ticket_rollups.c1 + excluded.c1, c2 = ticket_rollups.c2 + excluded.c2,
      c3 = ticket_rollups.c3 + excluded.c3, c4 = ticket_rollups.c4 + excluded.c4, c5 = ticket_rollups.c5 + excluded.c5, c6 = ticket_rollups.c6 + excluded.c6,
      c7 = ticket_rollups.c7 + excluded.c7, c8 = ticket_rollups.c8 + excluded.c8, hours = ticket_rollups.hours + excluded.hours`;
}

/** Folds up to `limit` of the oldest deltas into ticket_rollups in one statement; returns how many. */
export async function foldDeltas(db: Db, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    // One fold at a time (several processes run the job); readers are never blocked.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7215001)`);
    await tx.execute(sql`SET LOCAL jit = off`);
    const [r] = await rows<{ n: number }>(
      tx as unknown as Db,
      sql`WITH d AS (DELETE FROM ticket_rollup_deltas WHERE id IN (SELECT id FROM ticket_rollup_deltas ORDER BY id LIMIT ${limit}) RETURNING ${DELTA_STATE}),
               ins AS (${upsert(facts(sql`SELECT * FROM d`))})
          SELECT count(*)::int AS n FROM d`,
    );
    return r.n;
  });
}

/** Rebuilds every rollup from the tickets as they are, county by county, writers held off meanwhile. */
export async function rebuildRollups(db: Db, onCounty?: (county: string, done: number, total: number) => void): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE tickets IN SHARE MODE`);
    await tx.execute(sql`SET LOCAL jit = off`);
    // A county's tickets expand to a few million fact rows before they are summed: keep that in memory.
    await tx.execute(sql`SET LOCAL work_mem = '512MB'`);
    await tx.execute(sql`TRUNCATE ticket_rollups, ticket_rollup_deltas`);
    const counties = await rows<{ county_code: string }>(tx as unknown as Db, sql`SELECT DISTINCT county_code FROM tickets ORDER BY 1`);
    for (const [i, { county_code }] of counties.entries()) {
      await tx.execute(upsert(facts(sql`SELECT 1 AS sign, ${TICKET_STATE} FROM tickets WHERE county_code = ${county_code}`)));
      onCounty?.(county_code, i + 1, counties.length);
    }
  });
}

export function pendingDeltas(db: Db) {
  return rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ticket_rollup_deltas`).then((r) => r[0].n);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Periods covering [from, to): whole months, then dekads, then days (`coarse`), or days only. */
export interface Cover {
  m: string[];
  k: string[];
  d: string[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** Shanghai days [from, to) as 'YYYY-MM-DD' (to exclusive); coarse uses months and dekads where they fit whole. */
export function coverOf(from: string, to: string, coarse: boolean): Cover {
  const out: Cover = { m: [], k: [], d: [] };
  const end = new Date(`${to}T00:00:00Z`);
  let cur = new Date(`${from}T00:00:00Z`);
  while (cur < end) {
    const dom = cur.getUTCDate();
    const monthEnd = new Date(Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth() + 1, 1));
    if (coarse && dom === 1 && monthEnd <= end) {
      out.m.push(iso(cur));
      cur = monthEnd;
      continue;
    }
    const dekadEnd = dom === 21 ? monthEnd : addDays(cur, 10);
    if (coarse && (dom === 1 || dom === 11 || dom === 21) && dekadEnd <= end) {
      out.k.push(iso(cur));
      cur = dekadEnd;
      continue;
    }
    out.d.push(iso(cur));
    cur = addDays(cur, 1);
  }
  return out;
}

const dates = (xs: string[]) => sql`${`{${xs.join(',')}}`}::date[]`;
function inCover(c: Cover): SQL {
  return sql`((grain = 'm' AND day = ANY(${dates(c.m)})) OR (grain = 'k' AND day = ANY(${dates(c.k)})) OR (grain = 'd' AND day = ANY(${dates(c.d)})))`;
}

/** Where a read looks: the county (or the city's counties) of a place prefix. */
function countyOf(prefix: string): SQL {
  return prefix.length >= 6 ? sql`county_code = ${prefix.slice(0, 6)}` : sql`county_code LIKE ${prefix + '%'}`;
}

/**
 * Rollup rows under a filter, with the not yet folded deltas of the same county added (expanded by
 * `facts` on the fly), so that the sum is exact at the statement's snapshot.
 */
function source(prefix: string, filter: SQL): SQL {
  return sql`(SELECT ${KEY}, n, c1, c2, c3, c4, c5, c6, c7, c8, hours FROM ticket_rollups WHERE ${countyOf(prefix)} AND ${filter}
              UNION ALL
              SELECT * FROM (${facts(sql`SELECT ${DELTA_STATE} FROM ticket_rollup_deltas WHERE ${countyOf(prefix)}`)}) p WHERE ${filter})`;
}

/** The level of a place's own rows (a city reads its counties') and the level of its children (city, county or township). */
export function levelsOf(prefix: string): { own: number; child: number } {
  const own = Math.max(6, prefix.length);
  return { own, child: prefix.length < 6 ? 6 : prefix.length === 6 ? 9 : 12 };
}

function ownRows(prefix: string): SQL {
  const { own } = levelsOf(prefix);
  return prefix.length < 6 ? sql`lvl = ${own} AND dim LIKE ${prefix + '%'}` : sql`lvl = ${own} AND dim = ${prefix}`;
}

export interface BucketRow {
  kind: 'c' | 'd' | 'x';
  bucket: string;
  cat: string;
  n: number;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
  c6: number;
  c7: number;
  c8: number;
  /** Due kind: closed (n), closed on time (c1) before the bucket's end or the period's, whichever is sooner. */
  closed_b: number;
  on_time_b: number;
}

/** The place's own counts by chart bucket: created by category, due with their closing, closed. */
export function readBuckets(db: Db, prefix: string, from: string, to: string, unit: 'day' | 'week' | 'month'): Promise<BucketRow[]> {
  const cover = coverOf(from, to, unit === 'month');
  const bucket = sql.raw(`date_trunc('${unit}', day)::date`);
  const end = sql.raw(`(date_trunc('${unit}', day) + interval '1 ${unit}')::date`);
  return rows<BucketRow>(
    db,
    sql`SELECT kind, ${bucket}::text AS bucket, category_code AS cat, ${sql.raw(SUMS_NO_HOURS)},
               coalesce(sum(n) FILTER (WHERE day2 < LEAST(${end}, ${to}::date)), 0)::int AS closed_b,
               coalesce(sum(c1) FILTER (WHERE day2 < LEAST(${end}, ${to}::date)), 0)::int AS on_time_b
        FROM ${source(prefix, sql`${ownRows(prefix)} AND kind IN ('c', 'd', 'x') AND ${inCover(cover)}`)} r
        GROUP BY 1, 2, 3`,
  );
}
const SUMS_NO_HOURS = 'sum(n)::int AS n, sum(c1)::int AS c1, sum(c2)::int AS c2, sum(c3)::int AS c3, sum(c4)::int AS c4, sum(c5)::int AS c5, sum(c6)::int AS c6, sum(c7)::int AS c7, sum(c8)::int AS c8';

/** The national metrics' counters, as ticket-metrics names them (mean and p90 hours filled in by the service). */
export interface MetricRow {
  key: string;
  received: number;
  registered: number;
  due: number;
  closed: number;
  closed_on_time: number;
  reworked: number;
  extended: number;
  accepted: number;
  rated: number;
  satisfied: number;
  /** Tickets counted at all (created, with a deadline, or closed in the period): the scan lists such a place or team even with nothing due. */
  touching: number;
  closed_n: number;
  hours: number;
}

function metricSums(to: string): SQL {
  const before = sql`day2 < ${to}::date`;
  return sql`
    coalesce(sum(n) FILTER (WHERE kind = 'c'), 0)::int AS received,
    coalesce(sum(c1) FILTER (WHERE kind = 'c'), 0)::int AS registered,
    coalesce(sum(c3) FILTER (WHERE kind = 'd'), 0)::int AS due,
    coalesce(sum(n), 0)::int AS touching,
    coalesce(sum(n) FILTER (WHERE kind = 'd' AND ${before}), 0)::int AS closed,
    coalesce(sum(c1) FILTER (WHERE kind = 'd' AND ${before}), 0)::int AS closed_on_time,
    coalesce(sum(c2) FILTER (WHERE kind = 'd' AND ${before}), 0)::int AS reworked,
    coalesce(sum(c8) FILTER (WHERE kind = 'c'), 0)::int AS extended,
    coalesce(sum(c3) FILTER (WHERE kind = 'c'), 0)::int AS accepted,
    coalesce(sum(c1) FILTER (WHERE kind = 'x'), 0)::int AS rated,
    coalesce(sum(c2) FILTER (WHERE kind = 'x'), 0)::int AS satisfied,
    coalesce(sum(n) FILTER (WHERE kind = 'x'), 0)::int AS closed_n,
    coalesce(sum(hours) FILTER (WHERE kind = 'x'), 0)::float8 AS hours`;
}

/**
 * Metrics counters over [from, to) of the place itself (key ''), of its children (key: code), of the
 * communities under it (key: code; tickets placed on a township or county itself are in none), or of
 * the teams of its tickets (key: team id).
 */
export function readMetrics(db: Db, prefix: string, from: string, to: string, by: 'own' | 'child' | 'community' | 'team'): Promise<MetricRow[]> {
  const cover = inCover(coverOf(from, to, true));
  const { child } = levelsOf(prefix);
  const where = {
    own: () => ownRows(prefix),
    child: () => sql`lvl = ${child} AND dim LIKE ${prefix + '%'}`,
    community: () => sql`lvl = 12 AND dim LIKE ${prefix + '%'} AND length(dim) = 12`,
    team: () => sql`lvl = 0 AND scope LIKE ${prefix + '%'}`,
  }[by]();
  return rows<MetricRow>(
    db,
    sql`SELECT ${by === 'own' ? sql`''` : sql`dim`} AS key, ${metricSums(to)}
        FROM ${source(prefix, sql`${where} AND kind IN ('c', 'd', 'x') AND ${cover}`)} r
        GROUP BY 1`,
  );
}

/** Hours-to-close histogram (whole hours) of the place, its children and its teams' tickets: three index range reads. */
export function readHistograms(db: Db, prefix: string, from: string, to: string): Promise<Array<{ by: 'own' | 'child' | 'team'; key: string; bin: number; n: number }>> {
  const cover = inCover(coverOf(from, to, true));
  const { child } = levelsOf(prefix);
  const part = (by: 'own' | 'child' | 'team', where: SQL) =>
    sql`SELECT ${by}::text AS by, ${by === 'own' ? sql`''` : sql`dim`} AS key, bin, sum(n)::int AS n
        FROM ${source(prefix, sql`${where} AND kind = 'h' AND ${cover}`)} r
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0`;
  // A city's own rows are its counties' (level 6), its children's too: the service sums the children.
  const parts = [part('child', sql`lvl = ${child} AND dim LIKE ${prefix + '%'}`), part('team', sql`lvl = 0 AND scope LIKE ${prefix + '%'}`)];
  if (prefix.length >= 6) parts.unshift(part('own', ownRows(prefix)));
  // Separate statements, so that they run on separate connections at once. The planner underestimates
  // the rows (tens of thousands for a county-year) and sorts them to group: hashing is 3–4× faster.
  type Bin = { by: 'own' | 'child' | 'team'; key: string; bin: number; n: number };
  const run = (q: SQL) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_sort = off`);
      return rows<Bin>(tx as unknown as Db, q);
    });
  return Promise.all(parts.map(run)).then((r) => r.flat());
}

/** The compounds with the most tickets created in [from, to): count and still open. */
export function readHotspots(db: Db, prefix: string, from: string, to: string, limit: number): Promise<Array<{ compound: string; n: number; open: number }>> {
  const cover = inCover(coverOf(from, to, true));
  return rows<{ compound: string; n: number; open: number }>(
    db,
    sql`SELECT dim AS compound, sum(n)::int AS n, sum(c7)::int AS open
        FROM ${source(prefix, sql`lvl = 15 AND kind = 'c' AND dim LIKE ${prefix + '%'} AND length(dim) = 15 AND ${cover}`)} r
        GROUP BY 1 HAVING sum(n) > 0 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
  );
}

export function teamNames(db: Db, ids: string[]) {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!uuids.length) return Promise.resolve([] as Array<{ id: string; name: string }>);
  return rows<{ id: string; name: string }>(db, sql`SELECT id::text, name FROM teams WHERE id IN (${sql.join(uuids.map((c) => sql`${c}::uuid`), sql`, `)})`);
}

