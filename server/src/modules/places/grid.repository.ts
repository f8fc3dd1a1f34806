/** SQL for grids, their buildings and workers. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { gridBuildings, grids, gridWorkers } from './places.schema.js';

export function findGridsOfCommunity(db: Db, communityCode: string) {
  return db.select().from(grids).where(eq(grids.communityCode, communityCode)).orderBy(grids.code);
}

export interface BuildingRow {
  code: string;
  name: string;
  compound_name: string;
  grid_code: string | null;
}

/** Every building of a community with its compound's name and its grid, if any. */
export function findBuildingsOfCommunity(db: Db, communityCode: string) {
  return rows<BuildingRow>(
    db,
    sql`SELECT b.code, b.name, c.name AS compound_name, gb.grid_code
        FROM places b JOIN places c ON c.code = b.parent_code
        LEFT JOIN grid_buildings gb ON gb.building_code = b.code
        WHERE b.level = 'building' AND b.code LIKE ${communityCode + '%'}
        ORDER BY b.code`,
  );
}

export function findWorkers(db: Db, gridCodes: string[]) {
  if (!gridCodes.length) return Promise.resolve([]);
  return rows<{ grid_code: string; user_id: string; display_name: string }>(
    db,
    sql`SELECT gw.grid_code, gw.user_id, u.display_name FROM grid_workers gw JOIN users u ON u.id = gw.user_id
        WHERE gw.grid_code IN (${sql.join(
          gridCodes.map((c) => sql`${c}`),
          sql`, `,
        )}) ORDER BY u.display_name`,
  );
}

export async function maxGridCode(db: Db, communityCode: string): Promise<string | null> {
  const [r] = await rows<{ code: string | null }>(db, sql`SELECT max(code) AS code FROM grids WHERE community_code = ${communityCode}`);
  return r?.code ?? null;
}

export async function insertGrid(db: Db, values: typeof grids.$inferInsert) {
  await db.insert(grids).values(values);
}

export async function renameGrid(db: Db, code: string, name: string) {
  await db.update(grids).set({ name }).where(eq(grids.code, code));
}

/** Makes `buildingCodes` exactly the grid's buildings; each taken from whatever grid it was in. */
export async function setGridBuildings(db: Db, gridCode: string, countyCode: string, buildingCodes: string[]) {
  await db.delete(gridBuildings).where(eq(gridBuildings.gridCode, gridCode));
  if (!buildingCodes.length) return;
  await db
    .insert(gridBuildings)
    .values(buildingCodes.map((b) => ({ buildingCode: b, gridCode, countyCode })))
    .onConflictDoUpdate({ target: gridBuildings.buildingCode, set: { gridCode } });
}

export async function insertWorker(db: Db, gridCode: string, userId: string, countyCode: string) {
  const r = await db.insert(gridWorkers).values({ gridCode, userId, countyCode }).onConflictDoNothing().returning();
  return r.length > 0;
}

export async function deleteWorker(db: Db, gridCode: string, userId: string) {
  const r = await db
    .delete(gridWorkers)
    .where(and(eq(gridWorkers.gridCode, gridCode), eq(gridWorkers.userId, userId)))
    .returning();
  return r.length > 0;
}
