/**
 * SQL of the dashboards. Reads the ticket loop's tables (read-only; the definitions of the national
 * metrics stay in tickets/ticket-metrics), the place tree, the registry and grids.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';

export type BucketUnit = 'day' | 'week' | 'month';

/** Tickets under a place: the county by its column (an index), deeper places by the code prefix too. */
export function underPlace(prefix: string): SQL {
  if (prefix.length < 6) return sql`t.county_code LIKE ${prefix + '%'}`;
  const county = sql`t.county_code = ${prefix.slice(0, 6)}`;
  return prefix.length === 6 ? county : sql`${county} AND t.place_code LIKE ${prefix + '%'}`;
}

export interface ScanRow {
  g: number;
  cb: string | null;
  cat: string | null;
  db: string | null;
  clb: string | null;
  compound: string | null;
  n: number;
  registered: number;
  dispatched: number;
  accepted: number;
  reported: number;
  closed: number;
  rated: number;
  satisfied: number;
  due: number;
  due_closed: number;
  due_on_time: number;
  open: number;
}

/**
 * One scan of the tickets that touch [from, to) under a place, grouped four ways: (created bucket,
 * category) for volume and the funnel, deadline bucket for 结案率/按期结案率, closing bucket for
 * 满意率, and compound for hot spots. GROUPING bits (cb, cat, db, clb, compound): 7, 27, 29, 30.
 */
export function scanTickets(db: Db, prefix: string, from: Date, to: Date, unit: BucketUnit): Promise<ScanRow[]> {
  const step = sql.raw(`interval '1 ${unit}'`);
  const local = (col: string) => sql.raw(`date_trunc('${unit}', ${col} AT TIME ZONE 'Asia/Shanghai')::date`);
  const createdIn = sql`(t.created_at >= ${from} AND t.created_at < ${to})`;
  const live = sql`t.status NOT IN ('cancelled', 'merged')`;
  const dueIn = sql`(${live} AND t.status <> 'shelved' AND t.deadline_at >= ${from} AND t.deadline_at < ${to})`;
  const closedIn = sql`(t.closed_at >= ${from} AND t.closed_at < ${to})`;
  return db.transaction(async (tx) => {
    // As in ticket-metrics: JIT costs more than it saves on filtered aggregates of this size.
    await tx.execute(sql`SET LOCAL jit = off`);
    return rows<ScanRow>(
      tx as unknown as Db,
      sql`WITH x AS (
            SELECT t.status, t.accepted_at, t.reported_at, t.rating, t.closed_at, t.closed_on_time,
                   CASE WHEN ${createdIn} THEN ${local('t.created_at')} END AS cb,
                   t.category_code AS cat,
                   CASE WHEN ${dueIn} THEN ${local('t.deadline_at')} END AS db,
                   CASE WHEN ${closedIn} THEN ${local('t.closed_at')} END AS clb,
                   CASE WHEN ${createdIn} THEN t.compound_code END AS compound
            FROM tickets t
            WHERE ${underPlace(prefix)}
              AND ((t.created_at >= ${from} AND t.created_at < ${to}) OR (t.deadline_at >= ${from} AND t.deadline_at < ${to}) OR (t.closed_at >= ${from} AND t.closed_at < ${to})))
          SELECT GROUPING(cb, cat, db, clb, compound) AS g, cb::text, cat, db::text, clb::text, compound,
                 count(*)::int AS n,
                 count(*) FILTER (WHERE status NOT IN ('cancelled', 'merged'))::int AS registered,
                 count(*) FILTER (WHERE status NOT IN ('cancelled', 'merged', 'registered'))::int AS dispatched,
                 count(*) FILTER (WHERE status NOT IN ('cancelled', 'merged') AND accepted_at IS NOT NULL)::int AS accepted,
                 count(*) FILTER (WHERE status NOT IN ('cancelled', 'merged') AND (reported_at IS NOT NULL OR status = 'closed'))::int AS reported,
                 count(*) FILTER (WHERE status = 'closed')::int AS closed,
                 count(*) FILTER (WHERE status = 'closed' AND rating IS NOT NULL)::int AS rated,
                 count(*) FILTER (WHERE status = 'closed' AND rating IN ('satisfied', 'basically_satisfied'))::int AS satisfied,
                 count(*)::int AS due,
                 -- 结案 by the end of the deadline's bucket (or of the period, if sooner).
                 count(*) FILTER (WHERE status = 'closed' AND closed_at < LEAST((db + ${step})::timestamp AT TIME ZONE 'Asia/Shanghai', ${to}::timestamptz))::int AS due_closed,
                 count(*) FILTER (WHERE status = 'closed' AND closed_on_time AND closed_at < LEAST((db + ${step})::timestamp AT TIME ZONE 'Asia/Shanghai', ${to}::timestamptz))::int AS due_on_time,
                 count(*) FILTER (WHERE status IN ('registered', 'dispatched', 'in_progress', 'reported', 'shelved'))::int AS open
          FROM x
          GROUP BY GROUPING SETS ((cb, cat), (db), (clb), (compound))`,
    );
  });
}

export interface OverdueRow {
  id: string;
  number: string;
  title: string;
  category_name: string;
  status: string;
  tier: string;
  team_name: string | null;
  department: string | null;
  place_name: string | null;
  community_name: string | null;
  township_name: string | null;
  deadline_at: Date | string;
  supervised: boolean;
}

const OPEN = sql`t.status IN ('registered', 'dispatched', 'in_progress', 'reported')`;

/** Open tickets past their deadline now, most overdue first (the partial index tickets_open_deadline_idx). */
export function findOverdue(db: Db, prefix: string, limit: number): Promise<OverdueRow[]> {
  return rows<OverdueRow>(
    db,
    sql`SELECT t.id::text, t.number, t.title, c.name AS category_name, t.status, t.tier, tm.name AS team_name, t.department,
               cp.name AS place_name, cm.name AS community_name, tw.name AS township_name, t.deadline_at, t.supervised
        FROM tickets t
        JOIN ticket_categories c ON c.code = t.category_code
        LEFT JOIN teams tm ON tm.id = t.team_id
        LEFT JOIN places cp ON cp.code = t.compound_code
        LEFT JOIN places cm ON cm.code = t.community_code
        LEFT JOIN places tw ON tw.code = t.township_code
        WHERE ${underPlace(prefix)} AND ${OPEN} AND t.deadline_at < now()
        ORDER BY t.deadline_at, t.number LIMIT ${limit}`,
  );
}

export async function countOverdue(db: Db, prefix: string): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM tickets t WHERE ${underPlace(prefix)} AND ${OPEN} AND t.deadline_at < now()`);
  return r.n;
}

export function categoryNames(db: Db) {
  return rows<{ code: string; name: string }>(db, sql`SELECT code, name FROM ticket_categories ORDER BY sort, code`);
}

export function placesByCode(db: Db, codes: string[]) {
  if (!codes.length) return Promise.resolve([] as Array<{ code: string; name: string; lat: number | null; lng: number | null }>);
  return rows<{ code: string; name: string; lat: number | null; lng: number | null }>(db, sql`SELECT code, name, lat, lng FROM places WHERE code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
}

const placeLike = (col: string, prefix: string) => sql`${sql.raw(col)} LIKE ${prefix + '%'}`;

export async function gridFigures(db: Db, prefix: string) {
  const community = prefix.slice(0, 12);
  const [g] = await rows<{ total: number; with_worker: number }>(
    db,
    sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM grid_workers w WHERE w.grid_code = g.code))::int AS with_worker
        FROM grids g WHERE ${placeLike('g.community_code', community)}${prefix.length >= 6 ? sql` AND g.county_code = ${prefix.slice(0, 6)}` : sql``}`,
  );
  const [b] = await rows<{ buildings: number; in_grid: number }>(
    db,
    sql`SELECT count(*)::int AS buildings, count(gb.building_code)::int AS in_grid
        FROM places p LEFT JOIN grid_buildings gb ON gb.building_code = p.code
        WHERE p.level = 'building' AND ${placeLike('p.code', prefix)}${prefix.length >= 6 ? sql` AND p.county_code = ${prefix.slice(0, 6)}` : sql``}`,
  );
  return { total: g.total, withWorker: g.with_worker, buildings: b.buildings, buildingsInGrid: b.in_grid };
}

export async function populationFigures(db: Db, prefix: string) {
  const county = prefix.length >= 6 ? sql` AND r.county_code = ${prefix.slice(0, 6)}` : sql``;
  const where = sql`${placeLike('r.household_code', prefix)}${county}`;
  const [totals] = await rows<{ residents: number; households: number }>(db, sql`SELECT count(*)::int AS residents, count(DISTINCT r.household_code)::int AS households FROM residents r WHERE ${where}`);
  const byTag = await rows<{ tag: string; count: number }>(db, sql`SELECT tag, count(*)::int AS count FROM residents r, unnest(r.tags) AS tag WHERE ${where} GROUP BY tag ORDER BY count DESC, tag`);
  const byResidence = await rows<{ status: string; count: number }>(db, sql`SELECT r.residence_status AS status, count(*)::int AS count FROM residents r WHERE ${where} GROUP BY 1 ORDER BY 2 DESC`);
  const members = await rows<{ status: string; count: number; elsewhere: number }>(
    db,
    sql`SELECT m.status, count(*)::int AS count, count(*) FILTER (WHERE m.membership_kept <> 'community')::int AS elsewhere
        FROM party_members m JOIN residents r ON r.id = m.resident_id WHERE ${where} GROUP BY 1 ORDER BY 2 DESC`,
  );
  return { totals, byTag, byResidence, members };
}
