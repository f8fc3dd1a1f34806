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
 * Every stored code of a place that can move (compound and below), as (table, code column, has
 * county_code): a move replaces the old prefix by the new one. A new table that stores place codes
 * must be listed here, in DERIVED_PLACE_CODE_COLUMNS or, for codes of divisions that never move, in
 * DIVISION_CODE_COLUMNS; place-editing.test.ts finds every `*_code` column in the database catalogue
 * and every column holding a movable place's code, and fails on one that is not classified.
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
  { table: 'owner_roll', column: 'household_code', county: true },
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
  { table: 'device_rules', column: 'place_code', county: true },
  { table: 'device_alerts', column: 'place_code', county: true },
  { table: 'device_invalid_messages', column: 'place_code', county: true },
  { table: 'disclosure_posts', column: 'place_code', county: true },
  { table: 'notices', column: 'place_code', county: true },
  { table: 'assessment_indicators', column: 'place_code', county: true },
  { table: 'assessment_surveys', column: 'place_code', county: true },
];

/**
 * Codes kept beside a place code of the same row, as its first `length` digits (its compound,
 * community, township): recomputed after a move, since a building that moves to another compound,
 * or a compound to another community, changes them though they do not start with the moved code.
 */
export const DERIVED_PLACE_CODE_COLUMNS: Array<{ table: string; column: string; from: string; length: number }> = [
  { table: 'tickets', column: 'compound_code', from: 'place_code', length: 15 },
  { table: 'tickets', column: 'community_code', from: 'place_code', length: 12 },
  { table: 'tickets', column: 'township_code', from: 'place_code', length: 9 },
  { table: 'owner_roll', column: 'compound_code', from: 'household_code', length: 15 },
  { table: 'votes', column: 'community_code', from: 'place_code', length: 12 },
  { table: 'activities', column: 'community_code', from: 'place_code', length: 12 },
  { table: 'devices', column: 'compound_code', from: 'place_code', length: 15 },
  { table: 'device_alerts', column: 'compound_code', from: 'place_code', length: 15 },
];

/**
 * Columns that hold the code of a division (county, township, community) chosen on their own, not
 * taken from a place of the row: divisions are never moved or re-coded, so a move leaves them alone.
 */
export const DIVISION_CODE_COLUMNS: string[] = [
  'activity_themes.community_code',
  'gig_workers.community_code',
  'grids.community_code',
  'import_jobs.community_code',
  'member_checkins.community_code',
  'membership_transfers.community_code',
  'mobile_members.community_code',
  'points_balances.community_code',
  'points_items.community_code',
  'points_ledger.community_code',
  'points_redemptions.community_code',
  'points_rules.community_code',
  'service_posts.community_code',
  'service_reminders.community_code',
  'service_targets.community_code',
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
  // A row's compound, community and township follow its place (a compound may move to another community).
  for (const d of DERIVED_PLACE_CODE_COLUMNS) {
    const [col, from] = [sql.identifier(d.column), sql.identifier(d.from)];
    await db.execute(
      sql`UPDATE ${sql.identifier(d.table)} SET ${col} = substr(${from}, 1, ${d.length})
          WHERE ${from} LIKE ${newCode + '%'} AND length(${from}) >= ${d.length} AND ${col} IS DISTINCT FROM substr(${from}, 1, ${d.length})`,
    );
  }
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
