/**
 * SQL for party organisations. Everything "under X" is `code LIKE 'X%'` on a text_pattern_ops index;
 * household codes hold their building (first 18 digits) and compound (first 15), so member counts are
 * one aggregate grouped by a prefix of the household code. Every query below a county also filters by
 * county_code, so it can be routed to one shard when the data is distributed by county.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { centreHouseholds, partyOrgPlaces, partyOrgs } from './party.schema.js';
import type { OrgKind } from '../../../../contracts/party.js';

const like = (prefix: string) => prefix + '%';
/** `AND <column> = <county>` when the prefix lies within one county. */
const inCounty = (column: SQL, prefix: string) => (prefix.length >= 6 ? sql` AND ${column} = ${prefix.slice(0, 6)}` : sql``);
const list = (codes: string[]) =>
  sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );

export interface PlanPlaceRow {
  code: string;
  name: string;
  level: 'compound' | 'building';
  lat: number | null;
  lng: number | null;
}

/** Compounds and buildings under a prefix, in code order. */
export function findCompoundsAndBuildings(db: Db, prefix: string): Promise<PlanPlaceRow[]> {
  return rows<PlanPlaceRow>(
    db,
    sql`SELECT code, name, level, lat, lng FROM places
        WHERE code LIKE ${like(prefix)} AND level IN ('compound', 'building')${inCounty(sql`county_code`, prefix)}
        ORDER BY code`,
  );
}

/** Full members whose membership is kept in the community, per building (first 18 digits of the household code). */
export function countFullMembersByBuilding(db: Db, prefix: string): Promise<Array<{ building: string; n: number }>> {
  return rows(
    db,
    sql`SELECT left(r.household_code, 18) AS building, count(*)::int AS n
        FROM party_members pm JOIN residents r ON r.id = pm.resident_id
        WHERE pm.status = 'full' AND pm.membership_kept = 'community' AND r.household_code LIKE ${like(prefix)}
          ${inCounty(sql`pm.county_code`, prefix)}${inCounty(sql`r.county_code`, prefix)}
        GROUP BY 1`,
  );
}

export interface NamedPlace {
  code: string;
  name: string;
  level: string;
}

export function findPlacesByCodes(db: Db, codes: string[]): Promise<NamedPlace[]> {
  if (!codes.length) return Promise.resolve([]);
  return rows<NamedPlace>(db, sql`SELECT code, name, level FROM places WHERE code IN (${list(codes)}) ORDER BY code`);
}

/** Places of one level under a prefix (communities under a township, say). */
export function findPlacesOfLevel(db: Db, prefix: string, level: string): Promise<NamedPlace[]> {
  return rows<NamedPlace>(
    db,
    sql`SELECT code, name, level FROM places WHERE code LIKE ${like(prefix)} AND level = ${level}${inCounty(sql`county_code`, prefix)} ORDER BY code`,
  );
}

export function findChildren(db: Db, code: string): Promise<NamedPlace[]> {
  return rows<NamedPlace>(db, sql`SELECT code, name, level FROM places WHERE parent_code = ${code} ORDER BY code`);
}

/** Locks place rows (communities, townships) for the rest of the transaction, in code order so two adoptions cannot deadlock. */
export async function lockPlaces(db: Db, codes: string[]) {
  if (codes.length) await rows(db, sql`SELECT code FROM places WHERE code IN (${list(codes)}) ORDER BY code FOR UPDATE`);
}

export interface OrgRow {
  id: string;
  kind: OrgKind;
  name: string;
  parent_id: string | null;
  place_code: string;
  county_code: string;
}

export interface OrgPlaceRow {
  org_id: string;
  place_code: string;
  name: string;
}

const ORG_COLUMNS = sql`o.id, o.kind, o.name, o.parent_id, o.place_code, o.county_code`;

export async function findOrg(db: Db, id: string): Promise<OrgRow | undefined> {
  const [r] = await rows<OrgRow>(db, sql`SELECT ${ORG_COLUMNS} FROM party_orgs o WHERE o.id = ${id}`);
  return r;
}

/** The org of a level that holds a place (a compound's branch, a building's group), if any. */
export async function findOrgOfPlace(db: Db, placeCode: string): Promise<OrgRow | undefined> {
  const [r] = await rows<OrgRow>(db, sql`SELECT ${ORG_COLUMNS} FROM party_orgs o JOIN party_org_places op ON op.org_id = o.id WHERE op.place_code = ${placeCode}`);
  return r;
}

/** A committee of a kind anchored at a place (街道党工委 on a township, 社区大党委 on a community). */
export async function findCommittee(db: Db, kind: 'working_committee' | 'community_committee', placeCode: string): Promise<OrgRow | undefined> {
  const [r] = await rows<OrgRow>(db, sql`SELECT ${ORG_COLUMNS} FROM party_orgs o WHERE o.kind = ${kind} AND o.place_code = ${placeCode} ORDER BY o.created_at LIMIT 1`);
  return r;
}

/** Branches and groups anchored under a prefix (a community or wider: an org's anchor is its lowest place, in its community). */
export function findBranchesAndGroups(db: Db, prefix: string): Promise<OrgRow[]> {
  return rows<OrgRow>(
    db,
    sql`SELECT ${ORG_COLUMNS} FROM party_orgs o
        WHERE o.kind IN ('branch', 'joint_branch', 'group', 'joint_group') AND o.place_code LIKE ${like(prefix)}${inCounty(sql`o.county_code`, prefix)}
        ORDER BY o.place_code, o.kind`,
  );
}

/**
 * The orgs that concern a place: anchored under it, covering a place under it, or above it (its
 * committees, the branch of its compound, the group of its building). `ancestors` are its ancestors' codes.
 */
export function findOrgsAround(db: Db, code: string, ancestors: string[]): Promise<OrgRow[]> {
  const above = ancestors.length ? sql` OR o.place_code IN (${list(ancestors)}) OR op.place_code IN (${list(ancestors)})` : sql``;
  return rows<OrgRow>(
    db,
    sql`SELECT DISTINCT ${ORG_COLUMNS}, length(o.place_code) AS depth FROM party_orgs o LEFT JOIN party_org_places op ON op.org_id = o.id
        WHERE o.place_code LIKE ${like(code)} OR op.place_code LIKE ${like(code)}${above}
        ORDER BY depth, o.place_code, o.kind`,
  );
}

/** The places each org covers, with their names. */
export function findOrgPlaces(db: Db, orgIds: string[]): Promise<OrgPlaceRow[]> {
  if (!orgIds.length) return Promise.resolve([]);
  return rows<OrgPlaceRow>(
    db,
    sql`SELECT op.org_id, op.place_code, p.name FROM party_org_places op JOIN places p ON p.code = op.place_code
        WHERE op.org_id IN (${list(orgIds)}) ORDER BY op.place_code`,
  );
}

export function findGroupsOf(db: Db, branchId: string): Promise<OrgRow[]> {
  return rows<OrgRow>(db, sql`SELECT ${ORG_COLUMNS} FROM party_orgs o WHERE o.parent_id = ${branchId} AND o.kind IN ('group', 'joint_group') ORDER BY o.place_code`);
}

export async function insertOrg(db: Db, values: typeof partyOrgs.$inferInsert): Promise<OrgRow> {
  const [r] = await db.insert(partyOrgs).values(values).returning();
  return { id: r.id, kind: r.kind as OrgKind, name: r.name, parent_id: r.parentId, place_code: r.placeCode, county_code: r.countyCode };
}

export async function updateOrg(db: Db, id: string, values: Partial<Pick<typeof partyOrgs.$inferInsert, 'kind' | 'name' | 'parentId' | 'placeCode'>>) {
  await db.update(partyOrgs).set(values).where(eq(partyOrgs.id, id));
}

/** Deletes orgs; their place rows go with them (ON DELETE CASCADE). */
export async function deleteOrgs(db: Db, ids: string[]) {
  if (ids.length) await rows(db, sql`DELETE FROM party_orgs WHERE id IN (${list(ids)})`);
}

export async function insertOrgPlaces(db: Db, orgId: string, codes: string[]) {
  if (codes.length) await db.insert(partyOrgPlaces).values(codes.map((placeCode) => ({ placeCode, orgId, countyCode: placeCode.slice(0, 6) })));
}

export async function deleteOrgPlaces(db: Db, codes: string[]) {
  if (codes.length) await rows(db, sql`DELETE FROM party_org_places WHERE place_code IN (${list(codes)})`);
}

export interface CoverageRow {
  child: string;
  level: 'compound' | 'building' | 'unit';
  total: number;
  with_org: number;
  with_centre: number;
}

/** Compounds, buildings and units under a prefix, and how many have a branch, group or centre household, per child (first `childLength` digits). */
export function countCoverage(db: Db, prefix: string, childLength: number): Promise<CoverageRow[]> {
  return rows<CoverageRow>(
    db,
    sql`SELECT left(p.code, ${childLength}) AS child, p.level, count(*)::int AS total,
          count(op.place_code)::int AS with_org, count(ch.unit_code)::int AS with_centre
        FROM places p
        LEFT JOIN party_org_places op ON op.place_code = p.code
        LEFT JOIN centre_households ch ON ch.unit_code = p.code
        WHERE p.code LIKE ${like(prefix)} AND p.level IN ('compound', 'building', 'unit')${inCounty(sql`p.county_code`, prefix)}
        GROUP BY 1, 2`,
  );
}

export interface MemberCoverageRow {
  child: string;
  members: number;
  in_no_org: number;
  without_group: number;
}

/** Party members kept in the community under a prefix, and how many live where no branch or no group covers, per child. */
export function countMemberCoverage(db: Db, prefix: string, childLength: number): Promise<MemberCoverageRow[]> {
  return rows<MemberCoverageRow>(
    db,
    sql`SELECT left(r.household_code, ${childLength}) AS child, count(*)::int AS members,
          count(*) FILTER (WHERE b.place_code IS NULL)::int AS in_no_org,
          count(*) FILTER (WHERE g.place_code IS NULL)::int AS without_group
        FROM party_members pm JOIN residents r ON r.id = pm.resident_id
        LEFT JOIN party_org_places b ON b.place_code = left(r.household_code, 15)
        LEFT JOIN party_org_places g ON g.place_code = left(r.household_code, 18)
        WHERE pm.membership_kept = 'community' AND r.household_code LIKE ${like(prefix)}
          ${inCounty(sql`pm.county_code`, prefix)}${inCounty(sql`r.county_code`, prefix)}
        GROUP BY 1`,
  );
}

export interface UnitRow {
  unit_code: string;
  unit_name: string;
  building_code: string;
  building_name: string;
}

export function findUnits(db: Db, prefix: string): Promise<UnitRow[]> {
  return rows<UnitRow>(
    db,
    sql`SELECT u.code AS unit_code, u.name AS unit_name, b.code AS building_code, b.name AS building_name
        FROM places u JOIN places b ON b.code = u.parent_code
        WHERE u.code LIKE ${like(prefix)} AND u.level = 'unit'${inCounty(sql`u.county_code`, prefix)}
        ORDER BY u.code`,
  );
}

export interface HouseholdCandidateRow {
  household_code: string;
  household_name: string;
  head_name: string | null;
  residents: number;
  party_members: number;
}

/** Households under a prefix with their residents and party members, party-member households first within each unit. */
export function findHouseholdCandidates(db: Db, prefix: string): Promise<HouseholdCandidateRow[]> {
  return rows<HouseholdCandidateRow>(
    db,
    sql`SELECT p.code AS household_code, p.name AS household_name,
          min(r.name) FILTER (WHERE r.relation = '本人') AS head_name,
          count(r.id)::int AS residents, count(pm.resident_id)::int AS party_members
        FROM places p
        LEFT JOIN residents r ON r.household_code = p.code
        LEFT JOIN party_members pm ON pm.resident_id = r.id
        WHERE p.code LIKE ${like(prefix)} AND p.level = 'household'${inCounty(sql`p.county_code`, prefix)}
        GROUP BY p.code, p.name
        ORDER BY left(p.code, 20), count(pm.resident_id) DESC, count(r.id) DESC, p.code`,
  );
}

export interface CentreRow {
  unit_code: string;
  household_code: string;
  household_name: string | null;
  resident_id: string | null;
  resident_name: string | null;
  appointed_at: Date | string;
}

const CENTRE_SELECT = sql`SELECT ch.unit_code, ch.household_code, hp.name AS household_name, ch.resident_id, r.name AS resident_name, ch.appointed_at
  FROM centre_households ch LEFT JOIN places hp ON hp.code = ch.household_code LEFT JOIN residents r ON r.id = ch.resident_id`;

export function findCentreHouseholds(db: Db, prefix: string): Promise<CentreRow[]> {
  return rows<CentreRow>(db, sql`${CENTRE_SELECT} WHERE ch.unit_code LIKE ${like(prefix)}${inCounty(sql`ch.county_code`, prefix)} ORDER BY ch.unit_code`);
}

export async function findCentreHousehold(db: Db, unitCode: string): Promise<CentreRow | undefined> {
  const [r] = await rows<CentreRow>(db, sql`${CENTRE_SELECT} WHERE ch.unit_code = ${unitCode}`);
  return r;
}

/** Appoints (or replaces) the centre household of a unit. */
export async function upsertCentreHousehold(db: Db, values: typeof centreHouseholds.$inferInsert) {
  await db
    .insert(centreHouseholds)
    .values(values)
    .onConflictDoUpdate({
      target: centreHouseholds.unitCode,
      set: { householdCode: values.householdCode, residentId: values.residentId, appointedBy: values.appointedBy, appointedAt: sql`now()` },
    });
}

export async function deleteCentreHousehold(db: Db, unitCode: string) {
  await db.delete(centreHouseholds).where(eq(centreHouseholds.unitCode, unitCode));
}

/** Residents of a household with their party status, party members (full first) before the rest, the householder first among equals. */
export function findHouseholdResidents(db: Db, householdCode: string): Promise<Array<{ id: string; name: string; status: string | null }>> {
  return rows(
    db,
    sql`SELECT r.id, r.name, pm.status FROM residents r LEFT JOIN party_members pm ON pm.resident_id = r.id
        WHERE r.household_code = ${householdCode}
        ORDER BY CASE pm.status WHEN 'full' THEN 0 WHEN 'probationary' THEN 1 ELSE 2 END,
          CASE r.relation WHEN '本人' THEN 0 ELSE 1 END, r.id`,
  );
}
