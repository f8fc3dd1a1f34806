/** SQL for tickets, their events, followers and categories; and the few place look-ups routing needs. No rules here. */
import { and, asc, eq, getTableColumns, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { insertAsJson, preparedRows, rows } from '../../platform/db.js';
import { ticketCategories, ticketEvents, ticketFollowers, ticketNumbers, tickets } from './tickets.schema.js';
import type { TicketEventRecord, TicketRow } from './ticket-projection.js';

export type CategoryRow = typeof ticketCategories.$inferSelect;

// ---- categories ----

export function findCategories(db: Db, activeOnly: boolean): Promise<CategoryRow[]> {
  const q = db.select().from(ticketCategories);
  return (activeOnly ? q.where(eq(ticketCategories.active, true)) : q).orderBy(asc(ticketCategories.sort), asc(ticketCategories.code));
}

export async function findCategory(db: Db, code: string): Promise<CategoryRow | null> {
  const [r] = await db.select().from(ticketCategories).where(eq(ticketCategories.code, code));
  return r ?? null;
}

/** Inserts categories whose code is not there yet; returns how many were inserted. */
export async function insertMissingCategories(db: Db, values: Array<typeof ticketCategories.$inferInsert>): Promise<number> {
  const inserted = await db.insert(ticketCategories).values(values).onConflictDoNothing().returning({ code: ticketCategories.code });
  return inserted.length;
}

// ---- tickets and events ----

/** Takes `n` numbers of the day (YYYYMMDD) from its counter: its own short statement, so the counter row is never held for long. Returns the last one taken. */
export async function takeTicketNumbers(db: Db, day: string, n: number): Promise<number> {
  const [r] = await db
    .insert(ticketNumbers)
    .values({ day, last: n })
    .onConflictDoUpdate({ target: ticketNumbers.day, set: { last: sql`${ticketNumbers.last} + ${n}` } })
    .returning({ last: ticketNumbers.last });
  return r.last;
}

export async function insertTicket(db: Db, row: TicketRow): Promise<void> {
  await db.insert(tickets).values(row);
}

export async function insertEvents(db: Db, events: TicketEventRecord[]): Promise<void> {
  if (events.length) await db.insert(ticketEvents).values(events);
}

/** Replaces every projected column of a ticket. */
export async function updateTicket(db: Db, row: TicketRow): Promise<void> {
  const { id, ...rest } = row;
  await db.update(tickets).set(rest).where(eq(tickets.id, id));
}

/**
 * The statement storing new tickets' rows, their first events and their first followers (who entered
 * them on someone's behalf), whatever their number: each table's rows travel as one JSON parameter.
 * `alongside`: more data-modifying statements of the caller to run in the same one, by name.
 */
export function insertTicketsSql(list: TicketRow[], events: TicketEventRecord[], followers: Array<{ ticketId: string; userId: string; countyCode: string }>, alongside: Record<string, SQL> = {}): SQL {
  const parts = [sql`t AS (${insertAsJson(tickets, list)})`];
  if (followers.length) parts.push(sql`f AS (${insertAsJson(ticketFollowers, followers)})`);
  for (const [name, statement] of Object.entries(alongside)) parts.push(sql`${sql.identifier(name)} AS (${statement})`);
  return sql`WITH ${sql.join(parts, sql`, `)} ${insertAsJson(ticketEvents, events)}`;
}

/** A ticket's new events and its replaced row, in one statement. */
export async function insertEventsAndUpdate(db: Db, events: TicketEventRecord[], row: TicketRow): Promise<void> {
  const { id, ...rest } = row;
  await db.execute(sql`WITH e AS (${db.insert(ticketEvents).values(events).getSQL()}) ${db.update(tickets).set(rest).where(eq(tickets.id, id)).getSQL()}`);
}

/**
 * Stores the given columns of many rows in one statement (an escalation batch), with their new
 * `events`: the rows travel as one JSON array, typed by jsonb_to_recordset with each column's own SQL type.
 */
export async function updateTicketColumns(db: Db, list: TicketRow[], keys: Array<keyof TicketRow>, events: TicketEventRecord[] = []): Promise<void> {
  const cols = keys.filter((k) => k !== 'id');
  if (!list.length || !cols.length) return insertEvents(db, events);
  const meta = getTableColumns(tickets);
  const name = (k: keyof TicketRow) => sql.identifier(meta[k].name);
  const payload = JSON.stringify(list.map((r) => Object.fromEntries([['id', r.id], ...cols.map((k) => [meta[k].name, r[k]])])));
  const types = sql.join(
    [sql`id uuid`, ...cols.map((k) => sql`${name(k)} ${sql.raw(meta[k].getSQLType())}`)],
    sql`, `,
  );
  const sets = sql.join(
    cols.map((k) => sql`${name(k)} = v.${name(k)}`),
    sql`, `,
  );
  // The events go in the same statement.
  const withEvents = events.length ? sql`WITH e AS (${db.insert(ticketEvents).values(events).getSQL()}) ` : sql``;
  await db.execute(sql`${withEvents}UPDATE tickets SET ${sets} FROM jsonb_to_recordset(${payload}::jsonb) AS v(${types}) WHERE tickets.id = v.id`);
}

/** Locks the tickets among `ids` that are still past their tier deadline at a tier below the top (skipping rows another sweeper holds). */
export async function lockOverdueTickets(db: Db, ids: string[], now: Date): Promise<TicketRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(tickets)
    .where(
      and(
        sql`${tickets.id} = ANY(${sql.param(ids)}::uuid[])`,
        sql`${tickets.status} IN ('dispatched', 'in_progress')`,
        sql`${tickets.tierDeadlineAt} <= ${now}`,
        sql`${tickets.tier} <> 'department'`,
      ),
    )
    .orderBy(asc(tickets.tierDeadlineAt), asc(tickets.id))
    .for('update', { skipLocked: true });
}

export async function findTicket(db: Db, id: string): Promise<TicketRow | null> {
  const [r] = await db.select().from(tickets).where(eq(tickets.id, id));
  return r ?? null;
}

/** The ticket row under a lock held until the transaction ends: writers of one ticket queue here. */
export async function lockTicket(db: Db, id: string): Promise<TicketRow | null> {
  const [r] = await db.select().from(tickets).where(eq(tickets.id, id)).for('update');
  return r ?? null;
}

/** Two tickets locked in id order (merges), so two merges never wait on each other crosswise. */
export async function lockTickets(db: Db, ids: string[]): Promise<TicketRow[]> {
  return db.select().from(tickets).where(inArray(tickets.id, ids)).orderBy(asc(tickets.id)).for('update');
}

export async function deleteTicketRow(db: Db, id: string): Promise<void> {
  await db.delete(tickets).where(eq(tickets.id, id));
}

export async function findEvents(db: Db, ticketId: string): Promise<TicketEventRecord[]> {
  const list = await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.seq));
  return list.map((e) => ({ ...e, type: e.type as TicketEventRecord['type'], data: (e.data ?? {}) as Record<string, unknown> }));
}

/** The latest event of a type (e.g. the pending extension request). */
export async function findLastEvent(db: Db, ticketId: string, type: string): Promise<TicketEventRecord | null> {
  const [e] = await db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, type)))
    .orderBy(sql`${ticketEvents.seq} DESC`)
    .limit(1);
  return e ? { ...e, type: e.type as TicketEventRecord['type'], data: (e.data ?? {}) as Record<string, unknown> } : null;
}

/** True if the user acted on the ticket in a serving role (any role but a resident's or a reporter's). */
export async function hasServed(db: Db, ticketId: string, userId: string): Promise<boolean> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = ${ticketId} AND actor_user_id = ${userId} AND actor_role NOT IN ('resident', 'reporter')`,
  );
  return r.n > 0;
}

/** Ticket ids that have events, in id order after `after` (rebuilds walk every ticket, including one whose row is missing). */
export function ticketIdsWithEvents(db: Db, after: string | null, limit: number) {
  return rows<{ ticket_id: string }>(
    db,
    sql`SELECT DISTINCT ticket_id FROM ticket_events ${after ? sql`WHERE ticket_id > ${after}` : sql``} ORDER BY ticket_id LIMIT ${limit}`,
  );
}

// ---- followers ----

/** Adds a follower; true if she was not following yet (then the count goes up). */
export async function addFollower(db: Db, ticketId: string, userId: string, countyCode: string): Promise<boolean> {
  const added = await db.insert(ticketFollowers).values({ ticketId, userId, countyCode }).onConflictDoNothing().returning({ userId: ticketFollowers.userId });
  if (added.length) await db.update(tickets).set({ followers: sql`${tickets.followers} + 1` }).where(eq(tickets.id, ticketId));
  return added.length > 0;
}

export async function removeFollower(db: Db, ticketId: string, userId: string): Promise<boolean> {
  const removed = await db
    .delete(ticketFollowers)
    .where(and(eq(ticketFollowers.ticketId, ticketId), eq(ticketFollowers.userId, userId)))
    .returning({ userId: ticketFollowers.userId });
  if (removed.length) await db.update(tickets).set({ followers: sql`${tickets.followers} - 1` }).where(eq(tickets.id, ticketId));
  return removed.length > 0;
}

export async function isFollower(db: Db, ticketId: string, userId: string): Promise<boolean> {
  const [r] = await db.select({ u: ticketFollowers.userId }).from(ticketFollowers).where(and(eq(ticketFollowers.ticketId, ticketId), eq(ticketFollowers.userId, userId)));
  return !!r;
}

export async function countFollowers(db: Db, ticketId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ticket_followers WHERE ticket_id = ${ticketId}`);
  return r.n;
}

// ---- teams (the tier teams' members act at their tier) ----

/** True if the user is on the team, as a user or through the resident record her account is linked to. */
export async function isOnTeam(db: Db, teamId: string, userId: string, residentId: string | null): Promise<boolean> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM team_members WHERE team_id = ${teamId} AND (user_id = ${userId} ${residentId ? sql`OR resident_id = ${residentId}` : sql``})`,
  );
  return r.n > 0;
}

/** The teams a user is on (tier teams and others). */
export async function teamIdsOf(db: Db, userId: string, residentId: string | null): Promise<string[]> {
  const list = await rows<{ team_id: string }>(
    db,
    sql`SELECT DISTINCT team_id FROM team_members WHERE user_id = ${userId} ${residentId ? sql`OR resident_id = ${residentId}` : sql``}`,
  );
  return list.map((r) => r.team_id);
}

export async function findTeamName(db: Db, teamId: string): Promise<string | null> {
  const [r] = await rows<{ name: string }>(db, sql`SELECT name FROM teams WHERE id = ${teamId}`);
  return r?.name ?? null;
}

// ---- places and tier teams (routing) ----

/** A tier team routing may want: the team of this kind at this place. */
export interface TeamSlot {
  kind: 'unit_team' | 'building_team' | 'compound_team';
  placeCode: string;
}

/** The tier teams that exist, by `kind:placeCode`; `member`: whether the person asked about is on it. */
export type TeamsAt = Map<string, { id: string; name: string; member: boolean }>;

/** The tier teams at any of the slots (one per kind and place: teams_tier_unique_idx), and whether `person` is on each (as isOnTeam). */
export async function findTierTeams(
  db: Db,
  slots: TeamSlot[],
  person?: { userId: string; residentId: string | null },
): Promise<Array<{ id: string; kind: string; place_code: string; name: string; member: boolean }>> {
  if (!slots.length) return [];
  const member = person
    ? sql`EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND (m.user_id = ${person.userId} ${person.residentId ? sql`OR m.resident_id = ${person.residentId}` : sql``}))`
    : sql`false`;
  return rows(
    db,
    sql`SELECT t.id, t.kind, t.place_code, t.name, ${member} AS member FROM teams t
        JOIN unnest(${sql.param(slots.map((s) => s.kind))}::text[], ${sql.param(slots.map((s) => s.placeCode))}::text[]) AS w(kind, place_code)
          ON t.kind = w.kind AND t.place_code = w.place_code`,
  );
}

export interface CompoundNear {
  code: string;
  lat: number;
  lng: number;
  outline: unknown;
}

/** Compounds with a position inside a lat/lng box. */
export function findCompoundsInBox(db: Db, box: { minLat: number; maxLat: number; minLng: number; maxLng: number }): Promise<CompoundNear[]> {
  return rows<CompoundNear>(
    db,
    sql`SELECT code, lat, lng, outline FROM places
        WHERE level = 'compound' AND lat BETWEEN ${box.minLat} AND ${box.maxLat} AND lng BETWEEN ${box.minLng} AND ${box.maxLng}`,
  );
}

/** What findTicketPlace may also read in the same query: the tier teams at `slots` (with whether `person` is on each), a resident's name and phone. */
export interface TicketPlaceExtras {
  slots?: TeamSlot[];
  person?: { userId: string; residentId: string | null };
  residentId?: string | null;
}

/** One place look-up of findTicketPlaces: the place, the codes of its address (its ancestors and itself), and what else to read (TicketPlaceExtras). */
export interface TicketPlaceAsk extends TicketPlaceExtras {
  code: string;
  chain: string[];
}

export interface TicketPlace {
  level: string;
  lat: number | null;
  lng: number | null;
  grid_code: string | null;
  address: string | null;
  teams: Array<{ id: string; kind: string; place_code: string; name: string; member: boolean }> | null;
  resident: { name: string; mobileEnc: string | null; mobileMasked: string | null } | null;
}

/**
 * What new tickets need of their places, in one query for many (null for a place that is not there),
 * in the order asked: each place's level and position, its building's grid (for a building or below),
 * the names along its `chain` as its address; and, when asked, the tier teams at its `slots` (as
 * findTierTeams, with whether its `person` is on each) and the reporting resident's name and phone.
 * The asks travel as one JSON parameter.
 */
export async function findTicketPlaces(db: Db, asks: TicketPlaceAsk[]): Promise<Array<TicketPlace | null>> {
  const payload = asks.map((a) => ({
    code: a.code,
    building: a.code.length >= 18 ? a.code.slice(0, 18) : null,
    chain: a.chain,
    slots: (a.slots ?? []).map((x) => ({ kind: x.kind, place_code: x.placeCode })),
    user_id: a.person?.userId ?? null,
    person_resident_id: a.person?.residentId ?? null,
    resident_id: a.residentId ?? null,
  }));
  const found = await preparedRows<TicketPlace & { n: number }>(
    db,
    'ticket_places',
    sql`SELECT w.n, p.level, p.lat, p.lng,
               (SELECT gb.grid_code FROM grid_buildings gb WHERE gb.building_code = w.building) AS grid_code,
               (SELECT string_agg(a.name, ' ' ORDER BY length(a.code)) FROM places a WHERE a.code IN (SELECT jsonb_array_elements_text(w.j -> 'chain'))) AS address,
               (SELECT json_agg(json_build_object('id', t.id, 'kind', t.kind, 'place_code', t.place_code, 'name', t.name,
                         'member', EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND (m.user_id = w.user_id OR m.resident_id = w.person_resident_id))))
                  FROM teams t JOIN jsonb_to_recordset(w.j -> 'slots') AS s(kind text, place_code text) ON t.kind = s.kind AND t.place_code = s.place_code) AS teams,
               (SELECT json_build_object('name', r.name, 'mobileEnc', r.mobile_enc, 'mobileMasked', r.mobile_masked) FROM residents r WHERE r.id = w.resident_id) AS resident
          FROM jsonb_array_elements(${JSON.stringify(payload)}::jsonb) WITH ORDINALITY AS x(j, n)
          CROSS JOIN LATERAL (SELECT x.n, x.j, x.j ->> 'code' AS code, x.j ->> 'building' AS building, (x.j ->> 'user_id')::uuid AS user_id,
                                     (x.j ->> 'person_resident_id')::uuid AS person_resident_id, (x.j ->> 'resident_id')::uuid AS resident_id) w
          JOIN places p ON p.code = w.code`,
  );
  const byN = new Map(found.map((r) => [Number(r.n), r]));
  return asks.map((a, i) => {
    const r = byN.get(i + 1);
    // Nothing asked, nothing read: as the one-place query gave them.
    return r ? { ...r, teams: a.slots?.length ? (r.teams ?? []) : null } : null;
  });
}

/** The grid of a building. */
export async function findGridOfBuilding(db: Db, buildingCode: string): Promise<string | null> {
  const [r] = await rows<{ grid_code: string }>(db, sql`SELECT grid_code FROM grid_buildings WHERE building_code = ${buildingCode}`);
  return r?.grid_code ?? null;
}

/** The buildings of a compound with their grid (and position when known), for choosing the grid of a compound-level ticket. */
export function findCompoundBuildingGrids(db: Db, compoundCode: string) {
  return rows<{ code: string; grid_code: string; lat: number | null; lng: number | null }>(
    db,
    sql`SELECT p.code, gb.grid_code, p.lat, p.lng FROM places p JOIN grid_buildings gb ON gb.building_code = p.code
        WHERE p.code LIKE ${compoundCode + '%'} AND p.level = 'building' ORDER BY p.code`,
  );
}

// ---- lists ----

/** Where a user's queue comes from: what awaits her as responder, dispatcher, verifier or approver. */
export interface QueueScope {
  teamIds: string[];
  /** Tiers she responds at, with the place prefixes where (a unit head: unit_team under her unit). */
  respondAt: Array<{ tier: string; prefixes: string[] }>;
  /** Communities she dispatches (registered tickets, reported ones without a grid, shelved ones due for review). */
  dispatchCommunities: string[];
  /** Townships she dispatches tickets without a community of. */
  dispatchTownships: string[];
  gridCodes: string[];
  /** Pending extensions she may approve: tiers below her, under her prefixes. */
  approve: Array<{ tiers: string[]; prefixes: string[] }>;
}

export interface TicketSearch {
  scope: 'mine' | 'queue' | 'place';
  userId: string;
  queue?: QueueScope;
  placePrefix?: string;
  /** In a place list, confidential tickets show only under these prefixes. */
  confidentialPrefixes?: string[];
  status?: string;
  categoryCode?: string;
  overdue?: boolean;
  supervised?: boolean;
  now: Date;
  /** Today in Shanghai (YYYY-MM-DD), for shelved tickets due for review. */
  today: string;
  limit: number;
  offset: number;
}

const OPEN_AT_TIER = sql`${tickets.status} IN ('dispatched', 'in_progress')`;

function queueWhere(userId: string, q: QueueScope, today: string): SQL {
  const responding = sql.join(
    [
      inList(sql`${tickets.teamId}::text`, q.teamIds),
      ...q.respondAt.map((r) => sql`(${tickets.tier} = ${r.tier} AND ${likeAny(tickets.placeCode, r.prefixes)})`),
    ],
    sql` OR `,
  );
  const dispatching = sql`(${likeAny(tickets.placeCode, q.dispatchCommunities)} OR (${tickets.communityCode} IS NULL AND ${likeAny(tickets.placeCode, q.dispatchTownships)}))`;
  const approving = q.approve.length
    ? sql.join(
        q.approve.map((a) => sql`(${inList(tickets.tier, a.tiers)} AND ${likeAny(tickets.placeCode, a.prefixes)})`),
        sql` OR `,
      )
    : sql`false`;
  return sql`(
    (${OPEN_AT_TIER} AND (${responding}))
    OR (${tickets.status} = 'registered' AND ${dispatching})
    OR (${tickets.status} = 'reported' AND (${inList(tickets.gridCode, q.gridCodes)} OR ${tickets.reporterUserId} = ${userId} OR (${tickets.gridCode} IS NULL AND ${dispatching})))
    OR (${tickets.status} = 'in_progress' AND ${tickets.extensionPending} AND (${approving}))
    OR (${tickets.status} = 'shelved' AND ${tickets.shelvedUntil} <= ${today} AND ${dispatching})
  )`;
}

/** A page of tickets and the total, by scope and filters. */
export async function searchTickets(db: Db, s: TicketSearch): Promise<{ items: TicketRow[]; total: number }> {
  const where: SQL[] = [];
  if (s.scope === 'mine') where.push(sql`(${tickets.reporterUserId} = ${s.userId} OR ${tickets.id} IN (SELECT ticket_id FROM ticket_followers WHERE user_id = ${s.userId}))`);
  if (s.scope === 'queue') where.push(queueWhere(s.userId, s.queue!, s.today));
  if (s.scope === 'place') {
    const prefix = s.placePrefix!;
    if (prefix.length >= 6) where.push(sql`${tickets.countyCode} = ${prefix.slice(0, 6)}`);
    where.push(sql`${tickets.placeCode} LIKE ${prefix + '%'}`);
    where.push(sql`(${tickets.confidential} = false OR ${likeAny(tickets.placeCode, s.confidentialPrefixes ?? [])})`);
  }
  if (s.status) where.push(sql`${tickets.status} = ${s.status}`);
  if (s.categoryCode) where.push(sql`${tickets.categoryCode} = ${s.categoryCode}`);
  if (s.supervised !== undefined) where.push(sql`${tickets.supervised} = ${s.supervised}`);
  if (s.overdue !== undefined) {
    const overdue = sql`((${OPEN_AT_TIER} AND ${tickets.tierDeadlineAt} < ${s.now}) OR (${tickets.status} IN ('registered', 'dispatched', 'in_progress', 'reported', 'shelved') AND ${tickets.deadlineAt} < ${s.now}))`;
    where.push(s.overdue ? overdue : sql`NOT ${overdue}`);
  }
  const cond = sql.join(where, sql` AND `);
  const order = s.scope === 'queue' ? sql`COALESCE(${tickets.tierDeadlineAt}, ${tickets.deadlineAt}) ASC NULLS LAST, ${tickets.createdAt}, ${tickets.id}` : sql`${tickets.createdAt} DESC, ${tickets.id}`;
  const [items, [count]] = await Promise.all([
    db.select().from(tickets).where(cond).orderBy(order).limit(s.limit).offset(s.offset),
    rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM tickets WHERE ${cond}`),
  ]);
  return { items, total: count.n };
}

/** `col LIKE p%` for any of the prefixes (false when there are none). */
export function likeAny(column: SQL | AnyColumn, prefixes: string[]): SQL {
  if (!prefixes.length) return sql`false`;
  return sql`(${sql.join(
    prefixes.map((p) => sql`${column} LIKE ${p + '%'}`),
    sql` OR `,
  )})`;
}

/** `col IN (...)` (false when empty). */
export function inList(column: SQL | AnyColumn, values: string[]): SQL {
  if (!values.length) return sql`false`;
  return sql`${column} IN (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** A merged ticket's reporter and followers follow the ticket it was merged into. */
export async function moveFollowers(db: Db, from: { id: string; reporterUserId: string | null }, toId: string): Promise<void> {
  await db.execute(sql`INSERT INTO ticket_followers (ticket_id, user_id, county_code)
    SELECT ${toId}, u.user_id, t.county_code FROM (
      SELECT ${from.reporterUserId}::uuid AS user_id WHERE ${from.reporterUserId}::uuid IS NOT NULL
      UNION SELECT user_id FROM ticket_followers WHERE ticket_id = ${from.id}
    ) u CROSS JOIN tickets t WHERE t.id = ${toId}
    ON CONFLICT DO NOTHING`);
  await db.execute(sql`UPDATE tickets SET followers = (SELECT count(*)::int FROM ticket_followers WHERE ticket_id = ${toId}) WHERE id = ${toId}`);
}

export async function findFollowerIds(db: Db, ticketId: string): Promise<string[]> {
  const list = await db.select({ u: ticketFollowers.userId }).from(ticketFollowers).where(eq(ticketFollowers.ticketId, ticketId));
  return list.map((r) => r.u);
}
