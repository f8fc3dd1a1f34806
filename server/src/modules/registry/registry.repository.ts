/** SQL for residents. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { partyMembers, residents } from './registry.schema.js';

export type ResidentRow = typeof residents.$inferSelect;

export function findResident(db: Db, id: string) {
  return db.query.residents.findFirst({ where: eq(residents.id, id) });
}

export function findResidentsOfHousehold(db: Db, householdCode: string) {
  return db.select().from(residents).where(eq(residents.householdCode, householdCode)).orderBy(
      // Householder first, then spouse, then by age.
      sql`CASE ${residents.relation} WHEN '本人' THEN 0 WHEN '配偶' THEN 1 ELSE 2 END`,
      asc(residents.birthDate),
      asc(residents.id),
    );
}

/** The ids of the residents whose household lies under any of `prefixes`. */
export async function findResidentIdsUnder(db: Db, prefixes: string[]): Promise<string[]> {
  if (!prefixes.length) return [];
  const list = await db
    .select({ id: residents.id })
    .from(residents)
    .where(sql.join(prefixes.map((p) => sql`${residents.householdCode} LIKE ${p + '%'}`), sql` OR `));
  return list.map((r) => r.id);
}

export async function insertResidents(db: Db, values: Array<typeof residents.$inferInsert>) {
  const out: ResidentRow[] = [];
  for (let i = 0; i < values.length; i += 500) out.push(...(await db.insert(residents).values(values.slice(i, i + 500)).returning()));
  return out;
}

export async function countResidents(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(residents);
  return r.n;
}

export async function insertPartyMembers(db: Db, values: Array<typeof partyMembers.$inferInsert>) {
  for (let i = 0; i < values.length; i += 500) await db.insert(partyMembers).values(values.slice(i, i + 500));
}
