/** SQL for creating, renaming and moving places. A move re-codes the subtree everywhere a place code is stored. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { placeHistory, places } from './places.schema.js';
import { users } from '../identity/identity.schema.js';

/** The highest child code under a parent, or null. */
export async function maxChildCode(db: Db, parentCode: string): Promise<string | null> {
  const [r] = await rows<{ code: string | null }>(db, sql`SELECT max(code) AS code FROM places WHERE parent_code = ${parentCode}`);
  return r?.code ?? null;
}

/** Locks a place row for the rest of the transaction. */
export async function lockPlace(db: Db, code: string) {
  const [r] = await rows<{ code: string; name: string; level: string }>(db, sql`SELECT code, name, level FROM places WHERE code = ${code} FOR UPDATE`);
  return r;
}

export async function insertPlace(db: Db, values: typeof places.$inferInsert) {
  await db.insert(places).values(values);
}

export async function updatePlace(db: Db, code: string, values: Partial<typeof places.$inferInsert>) {
  await db
    .update(places)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(places.code, code));
}

export async function insertHistory(db: Db, values: typeof placeHistory.$inferInsert) {
  await db.insert(placeHistory).values(values);
}

/**
 * Every stored place code, as (table, code column, has county_code). A new table that stores place
 * codes must be listed here, or a move leaves it pointing at the old code (place-editing.test.ts checks the list).
 */
export const PLACE_CODE_COLUMNS: Array<{ table: string; column: string; county: boolean; where?: string }> = [
  { table: 'places', column: 'code', county: true },
  { table: 'places', column: 'parent_code', county: false },
  { table: 'residents', column: 'household_code', county: true },
  { table: 'grid_buildings', column: 'building_code', county: true },
  { table: 'role_grants', column: 'scope_code', county: true, where: "scope_kind = 'place'" },
  { table: 'party_org_places', column: 'place_code', county: true },
  { table: 'party_orgs', column: 'place_code', county: true },
  { table: 'centre_households', column: 'unit_code', county: true },
  { table: 'centre_households', column: 'household_code', county: false },
  { table: 'teams', column: 'place_code', county: true },
  { table: 'place_history', column: 'place_code', county: true },
  { table: 'tickets', column: 'place_code', county: true },
  { table: 'tickets', column: 'compound_code', county: false },
  { table: 'owner_roll', column: 'household_code', county: true },
  { table: 'owner_roll', column: 'compound_code', county: false },
  { table: 'votes', column: 'place_code', county: true },
  { table: 'vote_voters', column: 'household_code', county: true },
  { table: 'activities', column: 'place_code', county: true },
  { table: 'mobile_groups', column: 'place_code', county: true },
  { table: 'governance_settings', column: 'community_place_code', county: true },
  { table: 'proposals', column: 'place_code', county: true },
  { table: 'meetings', column: 'place_code', county: true },
  { table: 'meeting_invitees', column: 'household_code', county: true },
  { table: 'meeting_tasks', column: 'place_code', county: true },
  { table: 'conventions', column: 'place_code', county: true },
  { table: 'convention_acks', column: 'household_code', county: true },
  { table: 'devices', column: 'place_code', county: true },
  { table: 'devices', column: 'compound_code', county: false },
  { table: 'device_rules', column: 'place_code', county: true },
  { table: 'device_alerts', column: 'place_code', county: true },
  { table: 'device_alerts', column: 'compound_code', county: false },
  { table: 'device_invalid_messages', column: 'place_code', county: true },
  { table: 'disclosure_posts', column: 'place_code', county: true },
  { table: 'notices', column: 'place_code', county: true },
  { table: 'assessment_indicators', column: 'place_code', county: true },
  { table: 'assessment_surveys', column: 'place_code', county: true },
];

/** Replaces the prefix `oldCode` by `newCode` in every stored place code; returns the places re-coded. */
export async function recode(db: Db, oldCode: string, newCode: string): Promise<number> {
  let moved = 0;
  for (const c of PLACE_CODE_COLUMNS) {
    const setCounty = c.county ? sql`, county_code = substr(${newCode}, 1, 6)` : sql``;
    const extra = c.where ? sql.raw(` AND ${c.where}`) : sql``;
    const res = (await db.execute(
      sql`UPDATE ${sql.identifier(c.table)} SET ${sql.identifier(c.column)} = ${newCode} || substr(${sql.identifier(c.column)}, ${oldCode.length + 1})${setCounty}
          WHERE ${sql.identifier(c.column)} LIKE ${oldCode + '%'}${extra}`,
    )) as unknown as { rowCount?: number; affectedRows?: number };
    if (c.table === 'places' && c.column === 'code') moved = res.rowCount ?? res.affectedRows ?? 0;
  }
  // A ticket's community and township follow its place (a compound may move to another community).
  await db.execute(
    sql`UPDATE tickets SET community_code = substr(place_code, 1, 12), township_code = substr(place_code, 1, 9) WHERE place_code LIKE ${newCode + '%'} AND length(place_code) >= 12`,
  );
  return moved;
}

/** Buildings under a code that sit in a grid of another community than `communityCode`. */
export async function dropGridsOutside(db: Db, underCode: string, communityCode: string) {
  await db.execute(
    sql`DELETE FROM grid_buildings gb USING grids g WHERE gb.grid_code = g.code AND gb.building_code LIKE ${underCode + '%'} AND g.community_code <> ${communityCode}`,
  );
}

export function listHistory(db: Db, code: string) {
  return db
    .select({
      id: placeHistory.id,
      action: placeHistory.action,
      placeCode: placeHistory.placeCode,
      oldCode: placeHistory.oldCode,
      newCode: placeHistory.newCode,
      oldName: placeHistory.oldName,
      newName: placeHistory.newName,
      actorName: users.displayName,
      note: placeHistory.note,
      at: placeHistory.at,
    })
    .from(placeHistory)
    .leftJoin(users, eq(users.id, placeHistory.actorId))
    .where(eq(placeHistory.placeCode, code))
    .orderBy(desc(placeHistory.id))
    .limit(200);
}
