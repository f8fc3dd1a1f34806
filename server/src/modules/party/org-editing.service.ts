/**
 * Writing party organisations: adopt the coverage plan, and move a compound between branches or a
 * building between groups by hand.
 *
 * Adoption is per community (a township adopts each of its communities, all or nothing) and idempotent:
 * - a community with no branches gets the plan's branches and groups;
 * - a community whose branches and groups are exactly the plan is left alone ("unchanged");
 * - a community whose branches differ from the plan (the registry changed, or staff edited by hand) is
 *   refused with 409, unless `replace` is set: then its branches and groups are deleted and the plan's
 *   created. Refusing by default keeps hand edits from being undone by a second click.
 * The 街道党工委 of the township and the 社区大党委 of the community are created when missing.
 *
 * Hand edits keep an org's kind true to its composition (one compound: 党支部, several: 联合党支部; the
 * same for groups), anchor it at its lowest place, drop it when it is left empty, and rename it only if
 * it still bears the name generated for its old composition (a name staff chose is kept).
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { AdoptBody, AdoptResult, MoveBody, OrgKind, PartyOrg } from '../../../../contracts/party.js';
import { ancestorCodes } from '../places/places.service.js';
import * as repo from './party.repository.js';
import { partyPolicy } from './party.policy.js';
import { adoptionState, existingSignatures, loadPlan, placeAt, presentOrgs } from './party.service.js';

type Family = 'branch' | 'group';
const familyOf = (kind: OrgKind): Family | null => (kind === 'branch' || kind === 'joint_branch' ? 'branch' : kind === 'group' || kind === 'joint_group' ? 'group' : null);
const kindFor = (family: Family, places: number): OrgKind => (places > 1 ? `joint_${family}` : family);

/** 北城街道党工委 (a 乡/镇 gets a 党委). */
export const workingCommitteeName = (township: string) => (township.endsWith('街道') ? `${township}党工委` : `${township}党委`);
/** 马邑路中心社区大党委 (a 村 gets a 党委). */
export const communityCommitteeName = (community: string) => (community.endsWith('社区') ? `${community}大党委` : `${community}党委`);

/** The generated name of a branch or group over `codes`; `names` holds the names of those places and of their compounds. */
export function orgName(family: Family, codes: string[], names: Map<string, string>): string {
  const sorted = [...codes].sort();
  const first = names.get(sorted[0]) ?? sorted[0];
  if (family === 'branch') return sorted.length > 1 ? `${first}等${sorted.length}个小区联合党支部` : `${first}党支部`;
  const compound = names.get(sorted[0].slice(0, 15)) ?? '';
  return sorted.length > 1 ? `${compound}${first}等${sorted.length}栋楼联合党小组` : `${compound}${first}党小组`;
}

async function namesOf(db: Db, codes: string[]): Promise<Map<string, string>> {
  const all = [...new Set([...codes, ...codes.map((c) => c.slice(0, 15))])];
  return new Map((await repo.findPlacesByCodes(db, all)).map((p) => [p.code, p.name]));
}

/** The township's working committee and the community's committee, created when missing. */
async function ensureCommittees(db: Db, community: string, actorId: string): Promise<{ committee: repo.OrgRow; created: number }> {
  const township = community.slice(0, 9);
  const names = await namesOf(db, [township, community]);
  let created = 0;
  let working = await repo.findCommittee(db, 'working_committee', township);
  if (!working) {
    working = await repo.insertOrg(db, { kind: 'working_committee', name: workingCommitteeName(names.get(township) ?? township), parentId: null, placeCode: township, countyCode: township.slice(0, 6), createdBy: actorId });
    created++;
  }
  let committee = await repo.findCommittee(db, 'community_committee', community);
  if (!committee) {
    committee = await repo.insertOrg(db, { kind: 'community_committee', name: communityCommitteeName(names.get(community) ?? community), parentId: working.id, placeCode: community, countyCode: community.slice(0, 6), createdBy: actorId });
    created++;
  }
  return { committee, created };
}

/** Creates an org over places. */
async function createOrg(db: Db, family: Family, parentId: string, codes: string[], names: Map<string, string>, actorId: string): Promise<repo.OrgRow> {
  const sorted = [...codes].sort();
  const org = await repo.insertOrg(db, {
    kind: kindFor(family, sorted.length),
    name: orgName(family, sorted, names),
    parentId,
    placeCode: sorted[0],
    countyCode: sorted[0].slice(0, 6),
    createdBy: actorId,
  });
  await repo.insertOrgPlaces(db, org.id, sorted);
  return org;
}

/** Adopts the plan for a community or a township (each of its communities). */
export async function adoptCoverage(db: Db, actor: Actor, code: string, body: AdoptBody, req?: FastifyRequest): Promise<AdoptResult> {
  const place = await placeAt(db, code, ['township', 'community']);
  partyPolicy.authorize(actor, 'party.adopt', { placeCode: code });
  const communities = place.level === 'community' ? [place] : await repo.findPlacesOfLevel(db, code, 'community');
  return db.transaction(async (tx) => {
    // Two adoptions of one community wait for each other, so committees are never created twice.
    await repo.lockPlaces(tx, [code.slice(0, 9), ...communities.map((c) => c.code)]);
    const { plan, places } = await loadPlan(tx, code);
    const { byCommunity, orgs } = await existingSignatures(tx, code);
    const names = new Map(places.map((p) => [p.code, p.name]));
    const decisions = communities.map((c) => {
      const branches = plan.branches.filter((b) => b.compounds[0].startsWith(c.code));
      return { community: c, branches, uncovered: plan.uncovered.filter((u) => u.startsWith(c.code)), state: adoptionState(byCommunity.get(c.code), branches) };
    });
    const refused = decisions.filter((d) => d.state === 'differs');
    if (refused.length && !body.replace) {
      throw errors.conflict(
        `党组织已存在且与方案不同：${refused.map((d) => d.community.name).join('、')}。请手工调整，或以 replace 重新采纳 (orgs exist and differ from the plan; edit them by hand or adopt with replace)`,
        [{ field: 'replace', message: 'orgs exist and differ from the plan' }],
      );
    }
    let committeesCreated = 0;
    const result: AdoptResult['communities'] = [];
    for (const d of decisions) {
      const ensured = await ensureCommittees(tx, d.community.code, actor.userId);
      committeesCreated += ensured.created;
      let outcome: 'created' | 'unchanged' | 'replaced' = d.state === 'matches' ? 'unchanged' : d.state === 'differs' ? 'replaced' : 'created';
      if (d.state === 'differs') await repo.deleteOrgs(tx, orgs.filter((o) => o.place_code.startsWith(d.community.code)).map((o) => o.id));
      if (d.state !== 'matches') {
        for (const b of d.branches) {
          const branch = await createOrg(tx, 'branch', ensured.committee.id, b.compounds, names, actor.userId);
          for (const g of b.groups) await createOrg(tx, 'group', branch.id, g.buildings, names, actor.userId);
        }
        if (outcome === 'created' && !d.branches.length && !ensured.created) outcome = 'unchanged';
      }
      result.push({
        code: d.community.code,
        name: d.community.name,
        outcome,
        branches: d.branches.length,
        groups: d.branches.reduce((n, b) => n + b.groups.length, 0),
        uncovered: d.uncovered,
      });
    }
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        action: 'party.adopt',
        targetKind: 'place',
        targetId: code,
        detail: { replace: !!body.replace, committeesCreated, communities: result.map((r) => ({ code: r.code, outcome: r.outcome, branches: r.branches, groups: r.groups })) },
      },
      req,
    );
    return { committeesCreated, communities: result };
  });
}

/** An org's places before an edit, to settle it after. */
async function snapshot(db: Db, org: repo.OrgRow | undefined) {
  if (!org) return null;
  const places = (await repo.findOrgPlaces(db, [org.id])).map((p) => p.place_code);
  return { org, places };
}

/** After an edit: drop an emptied org, or bring its kind, anchor and (generated) name up to date. */
async function settle(db: Db, before: { org: repo.OrgRow; places: string[] } | null) {
  if (!before) return;
  const family = familyOf(before.org.kind)!;
  const places = (await repo.findOrgPlaces(db, [before.org.id])).map((p) => p.place_code).sort();
  if (!places.length) {
    await repo.deleteOrgs(db, [before.org.id]);
    return;
  }
  const names = await namesOf(db, [...before.places, ...places]);
  const generated = before.places.length && before.org.name === orgName(family, before.places, names);
  await repo.updateOrg(db, before.org.id, {
    kind: kindFor(family, places.length),
    placeCode: places[0],
    ...(generated ? { name: orgName(family, places, names) } : {}),
  });
}

/** The target org of a move: an existing one of the right family in the community, or a new one, or none. */
async function targetOf(db: Db, to: MoveBody['to'], family: Family, check: (o: repo.OrgRow) => boolean) {
  if (to === 'new' || to === 'none') return to;
  const org = await repo.findOrg(db, to);
  if (!org || familyOf(org.kind) !== family || !check(org)) {
    throw errors.field('to', family === 'branch' ? 'is not a branch of this community' : 'is not a group of the branch covering this building');
  }
  return org;
}

async function orgsOfCommunity(db: Db, community: string): Promise<PartyOrg[]> {
  return presentOrgs(db, await repo.findOrgsAround(db, community, ancestorCodes(community)));
}

/**
 * Moves a compound into another branch, into a new branch of its own, or out of any ("none"). Its
 * buildings go with it: groups made only of its buildings follow it; its buildings in groups shared
 * with other compounds leave them, and with its ungrouped buildings form one new group in the new branch.
 */
export async function moveCompound(db: Db, actor: Actor, code: string, body: MoveBody, req?: FastifyRequest): Promise<PartyOrg[]> {
  await placeAt(db, code, ['compound']);
  const community = code.slice(0, 12);
  partyPolicy.authorize(actor, 'party.edit', { placeCode: community });
  await db.transaction(async (tx) => {
    await repo.lockPlaces(tx, [community]);
    const from = await repo.findOrgOfPlace(tx, code);
    const target = await targetOf(tx, body.to, 'branch', (o) => o.place_code.startsWith(community));
    if (typeof target === 'object' && target.id === from?.id) return;
    const buildings = (await repo.findPlacesOfLevel(tx, code, 'building')).map((b) => b.code);
    const fromBefore = await snapshot(tx, from);
    const toBefore = typeof target === 'object' ? await snapshot(tx, target) : null;
    await repo.deleteOrgPlaces(tx, [code]);
    let to: repo.OrgRow | null = null;
    if (target === 'new') {
      const { committee } = await ensureCommittees(tx, community, actor.userId);
      to = await createOrg(tx, 'branch', committee.id, [code], await namesOf(tx, [code]), actor.userId);
    } else if (target !== 'none') {
      to = target;
      await repo.insertOrgPlaces(tx, to.id, [code]);
    }
    // Its buildings: groups made only of them follow the compound; shared groups give them up.
    const groups = new Map<string, repo.OrgRow>();
    for (const b of buildings) {
      const g = await repo.findOrgOfPlace(tx, b);
      if (g) groups.set(g.id, g);
    }
    const grouped = new Set<string>();
    for (const g of groups.values()) {
      const gBefore = (await snapshot(tx, g))!;
      const mine = gBefore.places.filter((b) => b.startsWith(code));
      if (mine.length === gBefore.places.length && to) {
        await repo.updateOrg(tx, g.id, { parentId: to.id });
        mine.forEach((b) => grouped.add(b));
      } else {
        await repo.deleteOrgPlaces(tx, mine);
        await settle(tx, gBefore);
      }
    }
    const loose = buildings.filter((b) => !grouped.has(b));
    if (to && loose.length) await createOrg(tx, 'group', to.id, loose, await namesOf(tx, loose), actor.userId);
    await settle(tx, fromBefore);
    await settle(tx, toBefore);
    await recordAudit(
      tx,
      { actorId: actor.userId, action: 'party.org.move_compound', targetKind: 'place', targetId: code, detail: { from: from?.id ?? null, to: to?.id ?? null } },
      req,
    );
  });
  return orgsOfCommunity(db, community);
}

/** Moves a compound between branches or a building between groups. */
export async function movePlace(db: Db, actor: Actor, code: string, body: MoveBody, req?: FastifyRequest): Promise<PartyOrg[]> {
  const place = await placeAt(db, code, ['compound', 'building']);
  return place.level === 'building' ? moveBuilding(db, actor, code, body, req) : moveCompound(db, actor, code, body, req);
}

/** Moves a building into another group of its branch, into a new group of its own, or out of any ("none"). */
export async function moveBuilding(db: Db, actor: Actor, code: string, body: MoveBody, req?: FastifyRequest): Promise<PartyOrg[]> {
  await placeAt(db, code, ['building']);
  const community = code.slice(0, 12);
  partyPolicy.authorize(actor, 'party.edit', { placeCode: community });
  await db.transaction(async (tx) => {
    await repo.lockPlaces(tx, [community]);
    const branch = await repo.findOrgOfPlace(tx, code.slice(0, 15));
    if (!branch) throw errors.conflict('该楼栋所在小区尚无党支部，请先调整小区 (the compound has no branch: move the compound first)', [{ field: 'to', message: 'the compound has no branch' }]);
    const from = await repo.findOrgOfPlace(tx, code);
    const target = await targetOf(tx, body.to, 'group', (o) => o.parent_id === branch.id);
    if (typeof target === 'object' && target.id === from?.id) return;
    const fromBefore = await snapshot(tx, from);
    const toBefore = typeof target === 'object' ? await snapshot(tx, target) : null;
    await repo.deleteOrgPlaces(tx, [code]);
    let to: repo.OrgRow | null = null;
    if (target === 'new') to = await createOrg(tx, 'group', branch.id, [code], await namesOf(tx, [code]), actor.userId);
    else if (target !== 'none') {
      to = target;
      await repo.insertOrgPlaces(tx, to.id, [code]);
    }
    await settle(tx, fromBefore);
    await settle(tx, toBefore);
    await recordAudit(
      tx,
      { actorId: actor.userId, action: 'party.org.move_building', targetKind: 'place', targetId: code, detail: { from: from?.id ?? null, to: to?.id ?? null } },
      req,
    );
  });
  return orgsOfCommunity(db, community);
}
