/** Use cases of teams: form tier teams (one per unit, building, compound), 新社工 and themed teams; staff them. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { AddMemberBody, CreateTeamBody, Team, TeamKind } from '../../../../contracts/teams.js';
import { findPlace } from '../places/places.service.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { findUserRecord } from '../identity/identity.service.js';
import * as repo from './teams.repository.js';
import { teamsPolicy } from './teams.policy.js';

/** The level a team of each kind sits on. */
const LEVEL_OF: Record<TeamKind, string[]> = {
  unit_team: ['unit'],
  building_team: ['building'],
  compound_team: ['compound'],
  social_work: ['community'],
  themed: ['compound', 'community'],
};

/** The three tiers of the ticket loop, bottom up. */
export const TIERS = ['unit_team', 'building_team', 'compound_team'] as const;
export type Tier = (typeof TIERS)[number];

function present(r: repo.TeamRow): Team {
  return {
    id: r.id,
    kind: r.kind as TeamKind,
    name: r.name,
    placeCode: r.place_code,
    placeName: r.place_name,
    theme: r.theme,
    leaderName: r.leader_name,
    memberCount: r.member_count,
  };
}

/** The name a team gets when none is given: 1号楼1单元自治组, 1号楼互助队, 幸福新邻里小区共治团, 马邑路中心社区新社工队. */
export function defaultTeamName(kind: TeamKind, placeName: string, parentName: string | null, theme?: string) {
  switch (kind) {
    case 'unit_team':
      return `${parentName ?? ''}${placeName}自治组`;
    case 'building_team':
      return `${parentName ?? ''}${placeName}互助队`;
    case 'compound_team':
      return `${placeName}共治团`;
    case 'social_work':
      return `${placeName}新社工队`;
    case 'themed':
      return `${placeName}${theme ?? '志愿'}队`;
  }
}

async function teamOrFail(db: Db, id: string) {
  const team = await repo.findTeam(db, id);
  if (!team) throw errors.notFound(`team ${id}`);
  return team;
}

/** Forms a team on a place; a tier team is one per place (409 if it exists). */
export async function createTeam(db: Db, actor: Actor, input: CreateTeamBody, req?: FastifyRequest): Promise<Team> {
  const place = await findPlace(db, input.placeCode);
  if (!place) throw errors.field('placeCode', `place ${input.placeCode} does not exist`);
  if (!LEVEL_OF[input.kind].includes(place.level)) throw errors.field('placeCode', `a ${input.kind} is formed on a ${LEVEL_OF[input.kind].join(' or ')}, not a ${place.level}`);
  if (input.kind === 'themed' && !input.theme) throw errors.field('theme', 'a themed team needs its theme (e.g. 环境整治联户)');
  teamsPolicy.authorize(actor, 'team.manage', { placeCode: place.code });
  const parent = place.parent_code ? await findPlace(db, place.parent_code) : undefined;
  const row = await repo.insertTeam(db, {
    kind: input.kind,
    name: input.name ?? defaultTeamName(input.kind, place.name, parent?.name ?? null, input.theme),
    placeCode: place.code,
    countyCode: place.code.slice(0, 6),
    theme: input.theme ?? null,
    createdBy: actor.userId,
  });
  if (!row) throw errors.conflict(`${place.name} already has its ${input.kind}`, [{ field: 'kind', message: 'exists for this place' }]);
  await recordAudit(db, { actorId: actor.userId, action: 'team.create', targetKind: 'team', targetId: row.id }, req);
  return present((await repo.findTeam(db, row.id))!);
}

/** Forms every missing tier team under a place (compound, building, unit), each named after its place. */
export async function bootstrapTierTeams(db: Db, actor: Actor, placeCode: string, req?: FastifyRequest) {
  const place = await findPlace(db, placeCode);
  if (!place) throw errors.field('placeCode', `place ${placeCode} does not exist`);
  teamsPolicy.authorize(actor, 'team.manage', { placeCode });
  const missing = await repo.findPlacesWithoutTierTeam(db, placeCode);
  const kindOf = { compound: 'compound_team', building: 'building_team', unit: 'unit_team' } as const;
  const created = { unit_team: 0, building_team: 0, compound_team: 0 };
  await repo.insertTeams(
    db,
    missing.map((p) => {
      const kind = kindOf[p.level as keyof typeof kindOf];
      created[kind]++;
      return { kind, name: defaultTeamName(kind, p.name, p.parent_name), placeCode: p.code, countyCode: p.code.slice(0, 6), createdBy: actor.userId };
    }),
  );
  const total = await repo.countTierTeamsUnder(db, placeCode);
  await recordAudit(db, { actorId: actor.userId, action: 'team.bootstrap', targetKind: 'place', targetId: placeCode, detail: created }, req);
  return { created, existing: total - created.unit_team - created.building_team - created.compound_team };
}

export async function listTeams(db: Db, actor: Actor, q: { place: string; kind?: TeamKind; page?: number; pageSize?: number }) {
  teamsPolicy.authorize(actor, 'team.read', { placeCode: q.place });
  const size = q.pageSize ?? 100;
  return (await repo.findTeamsUnder(db, q.place, q.kind, size, ((q.page ?? 1) - 1) * size)).map(present);
}

export async function getTeam(db: Db, actor: Actor, id: string) {
  const team = await teamOrFail(db, id);
  teamsPolicy.authorize(actor, 'team.read', { placeCode: team.place_code });
  const members = await repo.findMembers(db, id);
  return {
    team: present(team),
    members: members.map((m) => ({
      memberKey: m.memberKey,
      residentId: m.residentId,
      userId: m.userId,
      name: m.name,
      role: m.role as 'leader' | 'member',
      source: m.source,
      joinedAt: m.joinedAt.toISOString(),
    })),
  };
}

/** Adds a resident (of the team's community) or a user (a grid worker) to a team; a new leader replaces the old. */
export async function addMember(db: Db, actor: Actor, teamId: string, input: AddMemberBody, req?: FastifyRequest) {
  const team = await teamOrFail(db, teamId);
  teamsPolicy.authorize(actor, 'team.staff', { placeCode: team.place_code });
  if (!!input.residentId === !!input.userId) throw errors.field('residentId', 'give a residentId or a userId, one of them');
  const community = team.place_code.slice(0, 12);
  let member: { memberKey: string; residentId: string | null; userId: string | null; name: string; source: string };
  if (input.residentId) {
    const r = await findResidentRecord(db, input.residentId);
    if (!r) throw errors.field('residentId', 'no such resident');
    if (!r.householdCode.startsWith(community)) throw errors.field('residentId', 'the resident does not live in this community');
    const isMember = r.politicalStatus === '中共党员' || r.politicalStatus === '中共预备党员';
    member = { memberKey: `r:${r.id}`, residentId: r.id, userId: null, name: r.name, source: input.source ?? (isMember ? 'party_member' : 'resident') };
  } else {
    const u = await findUserRecord(db, input.userId!);
    if (!u) throw errors.field('userId', 'no such user');
    member = { memberKey: `u:${u.id}`, residentId: null, userId: u.id, name: u.displayName, source: input.source ?? 'grid_worker' };
  }
  const role = input.role ?? 'member';
  await db.transaction(async (tx) => {
    if (role === 'leader') await repo.demoteLeaders(tx as Db, teamId);
    await repo.upsertMember(tx as Db, { teamId, ...member, role, countyCode: team.place_code.slice(0, 6) });
  });
  await recordAudit(db, { actorId: actor.userId, action: 'team.member.add', targetKind: 'team', targetId: teamId, detail: { memberKey: member.memberKey, role } }, req);
  return getTeam(db, actor, teamId);
}

export async function removeMember(db: Db, actor: Actor, teamId: string, memberKey: string, req?: FastifyRequest) {
  const team = await teamOrFail(db, teamId);
  teamsPolicy.authorize(actor, 'team.staff', { placeCode: team.place_code });
  if (!(await repo.deleteMember(db, teamId, memberKey))) throw errors.notFound('team member');
  await recordAudit(db, { actorId: actor.userId, action: 'team.member.remove', targetKind: 'team', targetId: teamId, detail: { memberKey } }, req);
  return getTeam(db, actor, teamId);
}

export async function renameTeam(db: Db, actor: Actor, teamId: string, name: string) {
  const team = await teamOrFail(db, teamId);
  teamsPolicy.authorize(actor, 'team.manage', { placeCode: team.place_code });
  await repo.updateTeam(db, teamId, { name });
  return getTeam(db, actor, teamId);
}

/** The tier team of a place, or null: the ticket loop skips tiers without a team. */
export function findTierTeam(db: Db, placeCode: string, tier: Tier) {
  return repo.findTierTeam(db, placeCode, tier);
}

/** The accounts of a team's members: members added as users, and residents who have an account. */
export function teamMemberUserIds(db: Db, teamId: string): Promise<string[]> {
  return repo.findMemberUserIds(db, teamId);
}

/** The residents on a team, with their households (points for the tickets the team closed). */
export function teamMemberResidents(db: Db, teamId: string): Promise<Array<{ residentId: string; householdCode: string }>> {
  return repo.findMemberResidents(db, teamId);
}
