/** SQL of the public list: only non-confidential, non-cancelled, non-merged tickets; place names to the compound. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';

export interface PublicRow {
  id: string;
  number: string;
  title: string;
  description: string;
  category_code: string;
  category_name: string;
  status: string;
  county_name: string | null;
  township_name: string | null;
  community_name: string | null;
  compound_name: string | null;
  created_at: Date;
  closed_at: Date | null;
  rating: string | null;
}

const SELECT = sql`SELECT t.id, t.number, t.title, t.description, t.category_code, c.name AS category_name, t.status,
    (SELECT name FROM places WHERE code = t.county_code) AS county_name,
    (SELECT name FROM places WHERE code = t.township_code) AS township_name,
    (SELECT name FROM places WHERE code = t.community_code) AS community_name,
    (SELECT name FROM places WHERE code = t.compound_code) AS compound_name,
    t.created_at, t.closed_at, t.rating
  FROM tickets t JOIN ticket_categories c ON c.code = t.category_code`;

const VISIBLE = sql`t.confidential = false AND t.status NOT IN ('cancelled', 'merged')`;

export interface PublicFilter {
  place?: string;
  category?: string;
  statuses?: string[];
  from?: Date;
  to?: Date;
  tsquery?: string;
}

/** A page, newest first; one row more than asked tells whether there is a next page (no count over millions). */
export function findPublicPage(db: Db, f: PublicFilter, limit: number, offset: number): Promise<PublicRow[]> {
  const where: SQL[] = [VISIBLE];
  if (f.place) where.push(sql`t.place_code LIKE ${f.place + '%'}`);
  if (f.place && f.place.length >= 6) where.push(sql`t.county_code = ${f.place.slice(0, 6)}`);
  if (f.category) where.push(sql`t.category_code = ${f.category}`);
  if (f.statuses) where.push(sql`t.status IN (${sql.join(f.statuses.map((s) => sql`${s}`), sql`, `)})`);
  if (f.from) where.push(sql`t.created_at >= ${f.from}`);
  if (f.to) where.push(sql`t.created_at < ${f.to}`);
  if (f.tsquery) where.push(sql`to_tsvector('simple', t.search_text) @@ to_tsquery('simple', ${f.tsquery})`);
  return rows<PublicRow>(db, sql`${SELECT} WHERE ${sql.join(where, sql` AND `)} ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit} OFFSET ${offset}`);
}

export async function findPublicTicket(db: Db, number: string): Promise<PublicRow | undefined> {
  const [r] = await rows<PublicRow>(db, sql`${SELECT} WHERE ${VISIBLE} AND t.number = ${number}`);
  return r;
}

export function findPublicEvents(db: Db, ticketId: string) {
  return rows<{ type: string; actor_role: string | null; at: Date; note: string | null; data: Record<string, unknown> }>(
    db,
    sql`SELECT type, actor_role, at, note, data FROM ticket_events WHERE ticket_id = ${ticketId} AND public ORDER BY seq`,
  );
}
