/**
 * Use cases of party organisations: plan coverage from the registry, report it, list and rename orgs,
 * appoint unit centre households. Adoption and hand edits of the plan are in org-editing.service.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { CODE_LENGTH, PLACE_LEVELS, type PlaceLevel } from '../../../../contracts/roles.js';
import type {
  AppointBody,
  CentreHousehold,
  CoverageCounts,
  CoveragePlanView,
  CoverageReport,
  PartyOrg,
  PlaceRef,
  UnitCentre,
} from '../../../../contracts/party.js';
import { ancestorCodes, findPlace } from '../places/places.service.js';
import { planCompounds, type CoveragePlan, type PlanCompound, type PlannedBranch } from './coverage.js';
import * as repo from './party.repository.js';
import { partyPolicy } from './party.policy.js';

/** Levels a plan can be asked for: a compound gets its community's plan, cut to the branch that covers it. */
export const PLAN_LEVELS: readonly PlaceLevel[] = ['city', 'county', 'township', 'community', 'compound'];
const REPORT_LEVELS: readonly PlaceLevel[] = ['city', 'county', 'township', 'community', 'compound', 'building'];
const CENTRE_LEVELS: readonly PlaceLevel[] = ['community', 'compound', 'building', 'unit'];
/** Candidates listed per unit; any household of the unit may still be appointed. */
const CANDIDATES_PER_UNIT = 10;

/** A place that exists and sits at one of `levels`, or a 404 / 400 naming the field. */
export async function placeAt(db: Db, code: string, levels: readonly PlaceLevel[], field = 'params.code'): Promise<PlaceRef> {
  const row = await findPlace(db, code);
  if (!row) throw errors.notFound(`place ${code}`);
  if (!levels.includes(row.level as PlaceLevel)) throw errors.field(field, `must be a ${levels.join(', ')} (got a ${row.level})`);
  return { code: row.code, name: row.name, level: row.level as PlaceLevel };
}

export interface LoadedPlan {
  plan: CoveragePlan;
  /** Every compound and building under the planned area, with names and member counts. */
  places: Array<repo.PlanPlaceRow & { fullMembers: number }>;
}

/**
 * The plan for everything under `prefix` (a community or wider), from one query for places and one
 * aggregate of full members grouped by building; the algorithm then runs in memory.
 */
export async function loadPlan(db: Db, prefix: string): Promise<LoadedPlan> {
  const [rows, counts] = await Promise.all([repo.findCompoundsAndBuildings(db, prefix), repo.countFullMembersByBuilding(db, prefix)]);
  const members = new Map<string, number>();
  for (const { building, n } of counts) {
    members.set(building, (members.get(building) ?? 0) + n);
    // Compounds count every member under them, even in a building the tree does not list.
    members.set(building.slice(0, 15), (members.get(building.slice(0, 15)) ?? 0) + n);
  }
  const compounds = new Map<string, PlanCompound>();
  const places = rows.map((r) => ({ ...r, fullMembers: members.get(r.code) ?? 0 }));
  for (const p of places) {
    if (p.level === 'compound') compounds.set(p.code, { code: p.code, lat: p.lat, lng: p.lng, fullMembers: p.fullMembers, buildings: [] });
  }
  for (const p of places) if (p.level === 'building') compounds.get(p.code.slice(0, 15))?.buildings.push(p);
  return { plan: planCompounds([...compounds.values()]), places };
}

/** The plan for a place, with no access check (the `linli coverage` command), and the names of its communities. */
export async function computeCoveragePlan(db: Db, code: string): Promise<{ place: PlaceRef; communities: repo.NamedPlace[] } & LoadedPlan> {
  const place = await placeAt(db, code, PLAN_LEVELS);
  const prefix = communityPrefixOf(code);
  const [loaded, communities] = await Promise.all([loadPlan(db, prefix), repo.findPlacesOfLevel(db, prefix, 'community')]);
  return { place, communities, ...(place.level === 'compound' ? cutToCompound(loaded, code) : loaded) };
}

/** A compound's community, or the place itself when it is a community or wider. */
const communityPrefixOf = (code: string) => code.slice(0, Math.min(code.length, CODE_LENGTH.community));

function cutToCompound(loaded: LoadedPlan, code: string): LoadedPlan {
  const branches = loaded.plan.branches.filter((b) => b.compounds.includes(code));
  const uncovered = loaded.plan.uncovered.filter((c) => c === code);
  const named = new Set([...uncovered, ...branches.flatMap((b) => [...b.compounds, ...b.groups.flatMap((g) => g.buildings)])]);
  return { plan: { branches, uncovered }, places: loaded.places.filter((p) => named.has(p.code)) };
}

/** A branch structure as a comparable string: its compounds and its groups' buildings, sorted. */
export function branchSignature(compounds: string[], groups: string[][]): string {
  return [...compounds].sort().join(',') + '|' + groups.map((g) => [...g].sort().join(',')).sort().join('/');
}

/** The signatures of the existing branches per community, from the orgs anchored under `prefix`. */
export async function existingSignatures(db: Db, prefix: string): Promise<{ byCommunity: Map<string, string[]>; orgs: repo.OrgRow[] }> {
  const orgs = await repo.findBranchesAndGroups(db, prefix);
  const placesOf = new Map<string, string[]>();
  for (const p of await repo.findOrgPlaces(db, orgs.map((o) => o.id))) {
    if (!placesOf.has(p.org_id)) placesOf.set(p.org_id, []);
    placesOf.get(p.org_id)!.push(p.place_code);
  }
  const byCommunity = new Map<string, string[]>();
  for (const b of orgs.filter((o) => o.kind === 'branch' || o.kind === 'joint_branch')) {
    const groups = orgs.filter((g) => g.parent_id === b.id).map((g) => placesOf.get(g.id) ?? []);
    const community = b.place_code.slice(0, 12);
    if (!byCommunity.has(community)) byCommunity.set(community, []);
    byCommunity.get(community)!.push(branchSignature(placesOf.get(b.id) ?? [], groups));
  }
  return { byCommunity, orgs };
}

/** Whether a community's existing branches are its planned ones. */
export function adoptionState(existing: string[] | undefined, planned: PlannedBranch[]): 'none' | 'matches' | 'differs' {
  if (!existing?.length) return 'none';
  const want = planned.map((b) => branchSignature(b.compounds, b.groups.map((g) => g.buildings))).sort();
  return JSON.stringify([...existing].sort()) === JSON.stringify(want) ? 'matches' : 'differs';
}

/** The coverage plan for a place in the actor's scope, with names and whether each community has adopted it. */
export async function planCoverage(db: Db, actor: Actor, code: string): Promise<CoveragePlanView> {
  const place = await placeAt(db, code, PLAN_LEVELS);
  partyPolicy.authorize(actor, 'party.read', { placeCode: code });
  const prefix = communityPrefixOf(code);
  const full = await loadPlan(db, prefix);
  const communities = await repo.findPlacesOfLevel(db, prefix, 'community');
  const { byCommunity } = await existingSignatures(db, prefix);
  // Adoption is judged on the whole community's plan, also when only one compound's branch is shown.
  const { plan, places } = place.level === 'compound' ? cutToCompound(full, code) : full;
  return {
    place,
    branches: plan.branches.map((b) => ({ ...b, community: b.compounds[0].slice(0, 12) })),
    uncovered: plan.uncovered,
    places: places.map((p) => ({ code: p.code, name: p.name, level: p.level, fullMembers: p.fullMembers })),
    communities: communities.map((c) => ({
      code: c.code,
      name: c.name,
      adoption: adoptionState(
        byCommunity.get(c.code),
        full.plan.branches.filter((b) => b.compounds[0].startsWith(c.code)),
      ),
    })),
  };
}

const share = (covered: number, total: number) => (total ? Math.round((covered / total) * 10000) / 10000 : null);

/** The coverage report of a place: shares of compounds with a branch, buildings with a group, units with a centre household, and members in no org; per child too. */
export async function reportCoverage(db: Db, actor: Actor, code: string): Promise<CoverageReport> {
  const place = await placeAt(db, code, REPORT_LEVELS);
  partyPolicy.authorize(actor, 'party.read', { placeCode: code });
  const childLength = CODE_LENGTH[PLACE_LEVELS[PLACE_LEVELS.indexOf(place.level) + 1]];
  const [children, coverage, members] = await Promise.all([
    repo.findChildren(db, code),
    repo.countCoverage(db, code, childLength),
    repo.countMemberCoverage(db, code, childLength),
  ]);
  const counts = (c: { code: string; name: string }, only?: string): CoverageCounts => {
    const mine = <T extends { child: string }>(rs: T[]) => (only === undefined ? rs : rs.filter((r) => r.child === only));
    const sum = (level: string, field: 'total' | 'with_org' | 'with_centre') =>
      mine(coverage)
        .filter((r) => r.level === level)
        .reduce((n, r) => n + r[field], 0);
    const m = mine(members);
    const compounds = sum('compound', 'total');
    const compoundsWithBranch = sum('compound', 'with_org');
    const buildings = sum('building', 'total');
    const buildingsWithGroup = sum('building', 'with_org');
    const units = sum('unit', 'total');
    const unitsWithCentreHousehold = sum('unit', 'with_centre');
    return {
      code: c.code,
      name: c.name,
      compounds,
      compoundsWithBranch,
      compoundShare: share(compoundsWithBranch, compounds),
      buildings,
      buildingsWithGroup,
      buildingShare: share(buildingsWithGroup, buildings),
      units,
      unitsWithCentreHousehold,
      unitShare: share(unitsWithCentreHousehold, units),
      members: m.reduce((n, r) => n + r.members, 0),
      membersInNoOrg: m.reduce((n, r) => n + r.in_no_org, 0),
      membersWithoutGroup: m.reduce((n, r) => n + r.without_group, 0),
    };
  };
  return { place, total: counts(place), children: children.map((c) => counts(c, c.code)) };
}

/** Presents org rows with the places they cover. */
export async function presentOrgs(db: Db, orgs: repo.OrgRow[]): Promise<PartyOrg[]> {
  const places = await repo.findOrgPlaces(db, orgs.map((o) => o.id));
  return orgs.map((o) => ({
    id: o.id,
    kind: o.kind,
    name: o.name,
    parentId: o.parent_id,
    placeCode: o.place_code,
    places: places.filter((p) => p.org_id === o.id).map((p) => ({ code: p.place_code, name: p.name })),
  }));
}

/** The party orgs that concern a place: its committees, and the branches and groups at or under it. */
export async function listOrgs(db: Db, actor: Actor, code: string): Promise<PartyOrg[]> {
  await placeAt(db, code, REPORT_LEVELS);
  partyPolicy.authorize(actor, 'party.read', { placeCode: code });
  return presentOrgs(db, await repo.findOrgsAround(db, code, ancestorCodes(code)));
}

/** Renames an org (staff at or above its anchor). */
export async function renameOrg(db: Db, actor: Actor, id: string, name: string, req?: FastifyRequest): Promise<PartyOrg> {
  const org = await repo.findOrg(db, id);
  if (!org) throw errors.notFound(`party org ${id}`);
  partyPolicy.authorize(actor, 'party.edit', { placeCode: org.place_code });
  const trimmed = name.trim();
  await repo.updateOrg(db, id, { name: trimmed });
  await recordAudit(db, { actorId: actor.userId, action: 'party.org.rename', targetKind: 'party_org', targetId: id, detail: { from: org.name, to: trimmed } }, req);
  const [out] = await presentOrgs(db, [{ ...org, name: trimmed }]);
  return out;
}

function presentCentre(r: repo.CentreRow): CentreHousehold {
  return {
    unitCode: r.unit_code,
    householdCode: r.household_code,
    householdName: r.household_name ?? r.household_code,
    residentId: r.resident_id,
    residentName: r.resident_name,
    appointedAt: new Date(r.appointed_at).toISOString(),
  };
}

/** Every unit under a place with its centre household and the suggested ones, party-member households first. Householders' names are shown, so the read is audited. */
export async function suggestCentreHouseholds(db: Db, actor: Actor, code: string, req?: FastifyRequest): Promise<UnitCentre[]> {
  await placeAt(db, code, CENTRE_LEVELS);
  partyPolicy.authorize(actor, 'party.read', { placeCode: code });
  const [units, candidates, appointed] = await Promise.all([repo.findUnits(db, code), repo.findHouseholdCandidates(db, code), repo.findCentreHouseholds(db, code)]);
  const byUnit = new Map<string, repo.HouseholdCandidateRow[]>();
  for (const c of candidates) {
    const unit = c.household_code.slice(0, 20);
    if (!byUnit.has(unit)) byUnit.set(unit, []);
    byUnit.get(unit)!.push(c);
  }
  const appointedBy = new Map(appointed.map((a) => [a.unit_code, a]));
  await recordAudit(db, { actorId: actor.userId, action: 'party.centre_candidates.read', targetKind: 'place', targetId: code, detail: { units: units.length } }, req);
  return units.map((u) => {
    const list = (byUnit.get(u.unit_code) ?? []).slice(0, CANDIDATES_PER_UNIT);
    const a = appointedBy.get(u.unit_code);
    return {
      unitCode: u.unit_code,
      unitName: u.unit_name,
      buildingCode: u.building_code,
      buildingName: u.building_name,
      appointed: a ? presentCentre(a) : null,
      suggested: list[0]?.household_code ?? null,
      candidates: list.map((c) => ({
        householdCode: c.household_code,
        householdName: c.household_name,
        headName: c.head_name,
        residents: c.residents,
        partyMembers: c.party_members,
      })),
    };
  });
}

/** Appoints a unit's centre household (replacing any before); its contact is the given resident, else a party member of the household, else the householder. */
export async function appointCentreHousehold(db: Db, actor: Actor, unitCode: string, body: AppointBody, req?: FastifyRequest): Promise<CentreHousehold> {
  await placeAt(db, unitCode, ['unit']);
  partyPolicy.authorize(actor, 'centre.appoint', { placeCode: unitCode });
  const household = await findPlace(db, body.householdCode);
  if (!household || household.level !== 'household' || !body.householdCode.startsWith(unitCode)) {
    throw errors.field('householdCode', `is not a household of unit ${unitCode}`);
  }
  const residents = await repo.findHouseholdResidents(db, body.householdCode);
  if (body.residentId && !residents.some((r) => r.id === body.residentId)) throw errors.field('residentId', 'is not a resident of that household');
  const residentId = body.residentId ?? residents[0]?.id ?? null;
  const before = await repo.findCentreHousehold(db, unitCode);
  await repo.upsertCentreHousehold(db, { unitCode, householdCode: body.householdCode, residentId, countyCode: unitCode.slice(0, 6), appointedBy: actor.userId });
  await recordAudit(
    db,
    {
      actorId: actor.userId,
      action: 'party.centre_household.appoint',
      targetKind: 'unit',
      targetId: unitCode,
      detail: { householdCode: body.householdCode, residentId, previous: before?.household_code ?? null },
    },
    req,
  );
  return presentCentre((await repo.findCentreHousehold(db, unitCode))!);
}

/** Withdraws a unit's centre household. */
export async function withdrawCentreHousehold(db: Db, actor: Actor, unitCode: string, req?: FastifyRequest): Promise<void> {
  await placeAt(db, unitCode, ['unit']);
  partyPolicy.authorize(actor, 'centre.appoint', { placeCode: unitCode });
  const before = await repo.findCentreHousehold(db, unitCode);
  if (!before) throw errors.notFound(`centre household of unit ${unitCode}`);
  await repo.deleteCentreHousehold(db, unitCode);
  await recordAudit(db, { actorId: actor.userId, action: 'party.centre_household.withdraw', targetKind: 'unit', targetId: unitCode, detail: { householdCode: before.household_code } }, req);
}
