/** SQL for places and grids. "Under X" is always a prefix match on the text_pattern_ops index. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { gridBuildings, grids, placeHistory, places } from './places.schema.js';

export interface PlaceRow {
  code: string;
  name: string;
  level: string;
  kind: string | null;
  parent_code: string | null;
  county_code: string | null;
  lat: number | null;
  lng: number | null;
  child_count: number;
}

const COLUMNS = sql`p.code, p.name, p.level, p.kind, p.parent_code, p.county_code, p.lat, p.lng,
  (SELECT count(*)::int FROM places c WHERE c.parent_code = p.code) AS child_count`;

export async function findPlace(db: Db, code: string): Promise<PlaceRow | undefined> {
  const [row] = await rows<PlaceRow>(db, sql`SELECT ${COLUMNS} FROM places p WHERE p.code = ${code}`);
  return row;
}

/** The ancestors of a code that exist, top first. Codes extend their parents' codes, so they are prefixes. */
export function findAncestors(db: Db, code: string, prefixes: string[]): Promise<PlaceRow[]> {
  if (!prefixes.length) return Promise.resolve([]);
  return rows<PlaceRow>(
    db,
    sql`SELECT ${COLUMNS} FROM places p WHERE p.code IN (${sql.join(
      prefixes.map((p) => sql`${p}`),
      sql`, `,
    )}) AND p.code <> ${code} ORDER BY length(p.code)`,
  );
}

export function findChildren(db: Db, code: string, limit: number, offset: number): Promise<PlaceRow[]> {
  return rows<PlaceRow>(db, sql`SELECT ${COLUMNS} FROM places p WHERE p.parent_code = ${code} ORDER BY p.code LIMIT ${limit} OFFSET ${offset}`);
}

export async function countChildren(db: Db, code: string): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM places WHERE parent_code = ${code}`);
  return r.n;
}

export function findPlacesByCodes(db: Db, codes: string[]): Promise<PlaceRow[]> {
  if (!codes.length) return Promise.resolve([]);
  return rows<PlaceRow>(
    db,
    sql`SELECT ${COLUMNS} FROM places p WHERE p.code IN (${sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    )}) ORDER BY p.code`,
  );
}

export function findGrid(db: Db, code: string) {
  return db.query.grids.findFirst({ where: eq(grids.code, code) });
}

export async function findGridOfBuilding(db: Db, buildingCode: string) {
  const [row] = await db
    .select({ code: grids.code, name: grids.name })
    .from(gridBuildings)
    .innerJoin(grids, eq(grids.code, gridBuildings.gridCode))
    .where(eq(gridBuildings.buildingCode, buildingCode));
  return row ?? null;
}

export function findGridBuildings(db: Db, gridCode: string) {
  return db
    .select({ code: places.code, name: places.name })
    .from(gridBuildings)
    .innerJoin(places, eq(places.code, gridBuildings.buildingCode))
    .where(eq(gridBuildings.gridCode, gridCode))
    .orderBy(asc(places.code));
}

export async function insertPlaces(db: Db, values: Array<typeof places.$inferInsert>) {
  for (let i = 0; i < values.length; i += 1000) await db.insert(places).values(values.slice(i, i + 1000));
}

export async function insertGrid(db: Db, grid: typeof grids.$inferInsert, buildingCodes: string[]) {
  await db.insert(grids).values(grid);
  if (buildingCodes.length) {
    await db.insert(gridBuildings).values(buildingCodes.map((b) => ({ buildingCode: b, gridCode: grid.code, countyCode: grid.countyCode })));
  }
}

export async function countPlaces(db: Db): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM places`);
  return r.n;
}

export async function insertHistoryRows(db: Db, values: Array<typeof placeHistory.$inferInsert>) {
  for (let i = 0; i < values.length; i += 1000) await db.insert(placeHistory).values(values.slice(i, i + 1000));
}
