/** SQL of the ticket metrics: one aggregate per grouping, the definitions in one place (METRIC_COLUMNS). */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';

export interface MetricsRaw {
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
  mean_hours: number | null;
  p90_hours: number | null;
}

/**
 * Period [from, to) as timestamps. Definitions:
 * - 受理 received: created in the period. 立案 registered: of those, not cancelled or merged.
 * - 应结案 due: not cancelled, merged or shelved, deadline in the period. 结案 closed: of due, closed before `to`.
 *   按期结案: of due, closed on time. 返工率: reworked / closed (of due). 延期率: extended / registered.
 * - 响应率: registered that were accepted / registered. 满意率: (满意 + 基本满意) / rated, over tickets closed in the period.
 * - Time to close: hours from creation to closing, over tickets closed in the period.
 */
function metricColumns(from: Date, to: Date): SQL {
  const created = sql`(t.created_at >= ${from} AND t.created_at < ${to})`;
  const live = sql`t.status NOT IN ('cancelled', 'merged')`;
  const due = sql`(${live} AND t.status <> 'shelved' AND t.deadline_at >= ${from} AND t.deadline_at < ${to})`;
  const closedIn = sql`(t.closed_at >= ${from} AND t.closed_at < ${to})`;
  const closedDue = sql`(${due} AND t.status = 'closed' AND t.closed_at < ${to})`;
  return sql`
    count(*) FILTER (WHERE ${created})::int AS received,
    count(*) FILTER (WHERE ${created} AND ${live})::int AS registered,
    count(*) FILTER (WHERE ${due})::int AS due,
    count(*) FILTER (WHERE ${closedDue})::int AS closed,
    count(*) FILTER (WHERE ${closedDue} AND t.closed_on_time)::int AS closed_on_time,
    count(*) FILTER (WHERE ${closedDue} AND t.reworks > 0)::int AS reworked,
    count(*) FILTER (WHERE ${created} AND ${live} AND t.extensions > 0)::int AS extended,
    count(*) FILTER (WHERE ${created} AND ${live} AND t.accepted_at IS NOT NULL)::int AS accepted,
    count(*) FILTER (WHERE ${closedIn} AND t.rating IS NOT NULL)::int AS rated,
    count(*) FILTER (WHERE ${closedIn} AND t.rating IN ('satisfied', 'basically_satisfied'))::int AS satisfied,
    (avg(extract(epoch FROM t.closed_at - t.created_at) / 3600) FILTER (WHERE ${closedIn}))::float8 AS mean_hours,
    (percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.closed_at - t.created_at) / 3600) FILTER (WHERE ${closedIn}))::float8 AS p90_hours`;
}

/** Rows that can count in the period: created in it, due in it, or closed in it. */
function touching(from: Date, to: Date): SQL {
  return sql`((t.created_at >= ${from} AND t.created_at < ${to}) OR (t.deadline_at >= ${from} AND t.deadline_at < ${to}) OR (t.closed_at >= ${from} AND t.closed_at < ${to}))`;
}

export interface GroupedRaw extends MetricsRaw {
  /** The grouping: the total, a child place, a team or a community. */
  by: 'total' | 'child' | 'team' | 'community';
  /** The child's or the community's code (cut to its length), the team's id; null for the total and for tickets no team holds. */
  key: string | null;
}

/**
 * Metrics under a place code in one scan: the total, per child place (code cut to `childLen`), per
 * team and, when asked, per community (code cut to 12), as grouping sets.
 */
export function aggregate(db: Db, prefix: string, from: Date, to: Date, childLen: number, communities = false): Promise<GroupedRaw[]> {
  // A county is its county code: no prefix test then (it only made the planner AND a large bitmap).
  const county = prefix.length >= 6 ? sql`AND t.county_code = ${prefix.slice(0, 6)}` : sql``;
  // Literals, not parameters: a GROUP BY expression must be the very same as in the select list.
  const groups: Array<[GroupedRaw['by'], SQL]> = [
    ['child', sql.raw(`substr(t.place_code, 1, ${Math.trunc(childLen)})`)],
    ['team', sql.raw('t.team_id::text')],
  ];
  if (communities) groups.push(['community', sql.raw('substr(t.place_code, 1, 12)')]);
  const when = (value: (g: [string, SQL]) => SQL) => sql.join(groups.map((g) => sql`WHEN GROUPING(${g[1]}) = 0 THEN ${value(g)}`), sql` `);
  // JIT compiling the thirteen filtered aggregates costs more than it saves at a county-month's size.
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    return rows<GroupedRaw>(
    tx as unknown as Db,
    sql`SELECT CASE ${when(([by]) => sql.raw(`'${by}'`))} ELSE 'total' END AS by, CASE ${when(([, e]) => e)} END AS key, ${metricColumns(from, to)}
        FROM tickets t
        WHERE ${prefix.length === 6 ? sql`TRUE` : sql`t.place_code LIKE ${prefix + '%'}`} ${county} AND ${touching(from, to)}
        GROUP BY GROUPING SETS ((), ${sql.join(groups.map(([, e]) => sql`(${e})`), sql`, `)})`,
    );
  });
}

export function placeNames(db: Db, codes: string[]) {
  if (!codes.length) return Promise.resolve([] as Array<{ code: string; name: string }>);
  return rows<{ code: string; name: string }>(db, sql`SELECT code, name FROM places WHERE code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
}

export function teamNames(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([] as Array<{ id: string; name: string }>);
  return rows<{ id: string; name: string }>(db, sql`SELECT id::text, name FROM teams WHERE id IN (${sql.join(ids.map((c) => sql`${c}::uuid`), sql`, `)})`);
}
