/** SQL of the Open311 interface: keys, the requests that came in through it, and the public view of tickets. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { apiKeys, open311Requests } from './open311.schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(db: Db, k: { name: string; keyHash: string; keyPrefix: string; createdBy: string | null }): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(k).returning();
  return row;
}

export function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(sql`${apiKeys.revokedAt} IS NOT NULL`, sql`${apiKeys.createdAt} DESC`);
}

/** Revokes the live key of that name; returns it, or undefined when there is none. */
export async function revokeApiKey(db: Db, name: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

export async function findLiveKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row;
}

export async function touchApiKey(db: Db, id: string) {
  await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id));
}

export async function insertOpen311Request(db: Db, r: { ticketId: string; apiKeyId: string; submitted: object; mediaUrl: string | null; countyCode: string }) {
  const [row] = await db.insert(open311Requests).values(r).returning({ token: open311Requests.token });
  return row.token;
}

export async function findTicketNumberByToken(db: Db, token: string): Promise<{ number: string } | undefined> {
  const [row] = await rows<{ number: string }>(db, sql`SELECT t.number FROM open311_requests o JOIN tickets t ON t.id = o.ticket_id WHERE o.token = ${token}::uuid`);
  return row;
}

/** A place named in a free-text address: the deepest township, community or compound whose name the text contains. */
export async function findPlaceNamedIn(db: Db, text: string): Promise<{ code: string } | undefined> {
  const [row] = await rows<{ code: string }>(
    db,
    sql`SELECT code FROM places WHERE level IN ('township', 'community', 'compound') AND length(name) >= 2 AND strpos(${text}, name) > 0
        ORDER BY length(code) DESC, length(name) DESC, code LIMIT 1`,
  );
  return row;
}

export interface RequestRow {
  id: string;
  number: string;
  status: string;
  category_code: string;
  category_name: string;
  description: string;
  tier: string;
  team_name: string | null;
  department: string | null;
  deadline_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
  lat: number | null;
  lng: number | null;
  compound_code: string | null;
  community_code: string | null;
  compound_name: string | null;
  compound_lat: number | null;
  compound_lng: number | null;
  community_name: string | null;
  township_name: string | null;
  county_name: string | null;
  city_name: string | null;
  media_url: string | null;
  last_note: string | null;
}

const SELECT = sql`
  SELECT t.id::text, t.number, t.status, t.category_code, c.name AS category_name, t.description, t.tier, tm.name AS team_name, t.department,
         t.deadline_at, t.created_at, t.updated_at, t.closed_at, t.lat, t.lng, t.compound_code, t.community_code,
         cp.name AS compound_name, cp.lat AS compound_lat, cp.lng AS compound_lng, cm.name AS community_name, tw.name AS township_name,
         co.name AS county_name, ci.name AS city_name, o.media_url,
         (SELECT e.note FROM ticket_events e WHERE e.ticket_id = t.id AND e.public AND e.note IS NOT NULL ORDER BY e.seq DESC LIMIT 1) AS last_note
  FROM tickets t
  JOIN ticket_categories c ON c.code = t.category_code
  LEFT JOIN teams tm ON tm.id = t.team_id
  LEFT JOIN places cp ON cp.code = t.compound_code
  LEFT JOIN places cm ON cm.code = t.community_code
  LEFT JOIN places tw ON tw.code = t.township_code
  LEFT JOIN places co ON co.code = t.county_code
  LEFT JOIN places ci ON ci.code = substr(t.county_code, 1, 4)
  LEFT JOIN open311_requests o ON o.ticket_id = t.id`;

/** One non-confidential ticket by its number (any status but merged). */
export async function findPublicRequest(db: Db, number: string): Promise<RequestRow | undefined> {
  const [row] = await rows<RequestRow>(db, sql`${SELECT} WHERE t.number = ${number} AND NOT t.confidential AND t.status <> 'merged'`);
  return row;
}

/** The public tickets created in [from, to), newest first, by the spec's filters. */
export function findPublicRequests(db: Db, q: { from: Date; to: Date; serviceCodes?: string[]; statuses?: string[]; limit: number }): Promise<RequestRow[]> {
  const list = (xs: string[]) => sql.join(xs.map((x) => sql`${x}`), sql`, `);
  return rows<RequestRow>(
    db,
    sql`${SELECT}
        WHERE NOT t.confidential AND t.status NOT IN ('cancelled', 'merged') AND t.created_at >= ${q.from} AND t.created_at < ${q.to}
        ${q.serviceCodes?.length ? sql`AND t.category_code IN (${list(q.serviceCodes)})` : sql``}
        ${q.statuses?.length ? sql`AND t.status IN (${list(q.statuses)})` : sql``}
        ORDER BY t.created_at DESC LIMIT ${q.limit}`,
  );
}

/** Tickets by number (the spec's service_request_id list): any non-confidential status but merged. */
export function findPublicRequestsByNumber(db: Db, numbers: string[]): Promise<RequestRow[]> {
  return rows<RequestRow>(db, sql`${SELECT} WHERE t.number IN (${sql.join(numbers.map((x) => sql`${x}`), sql`, `)}) AND NOT t.confidential AND t.status <> 'merged' ORDER BY t.created_at DESC`);
}

/** The city at the root of the place tree. */
export async function findCityCode(db: Db): Promise<string | undefined> {
  const [row] = await rows<{ code: string }>(db, sql`SELECT code FROM places WHERE level = 'city' ORDER BY code LIMIT 1`);
  return row?.code;
}
