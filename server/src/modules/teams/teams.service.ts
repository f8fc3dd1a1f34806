/** Use cases of teams: form tier teams (one per unit, building, compound), 新社工 and themed teams; staff them. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { AddMemberBody, Application, ApplicationStatus, CreateTeamBody, DecideBody, OpenTeam, RecruitingBody, Team, TeamKind, TeamRole } from '../../../../contracts/teams.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { usersOfResidents } from '../identity/identity.service.js';
import { findPlace } from '../places/places.service.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { findUserRecord } from '../identity/identity.service.js';
import * as repo from './teams.repository.js';
import { mayLead, teamsPolicy } from './teams.policy.js';

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
    recruiting: r.recruiting,
    recruitNote: r.recruit_note,
    pendingApplications: r.pending_applications,
  };
}

function presentApplication(a: repo.ApplicationRow): Application {
  return {
    id: a.id,
    teamId: a.team_id,
    teamName: a.team_name,
    residentId: a.resident_id,
    name: a.name,
    householdName: a.household_name,
    message: a.message,
    status: a.status as ApplicationStatus,
    reason: a.reason,
    decidedByName: a.decided_by_name,
    decidedAt: a.decided_at ? new Date(a.decided_at).toISOString() : null,
    createdAt: new Date(a.created_at).toISOString(),
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
  if (!teamsPolicy.can(actor, 'team.read', { placeCode: team.place_code }) && !(await repo.findRoleOf(db, id, actor.userId, actor.residentId))) throw errors.forbidden('team.read');
  const members = await repo.findMembers(db, id);
  return {
    team: present(team),
    members: members.map((m) => ({
      memberKey: m.memberKey,
      residentId: m.residentId,
      userId: m.userId,
      name: m.name,
      role: m.role as TeamRole,
      source: m.source,
      joinedAt: m.joinedAt.toISOString(),
    })),
  };
}

/** Adds a resident (of the team's community) or a user (a grid worker) to a team; a new leader replaces the old. */
export async function addMember(db: Db, actor: Actor, teamId: string, input: AddMemberBody, req?: FastifyRequest) {
  const team = await teamOrFail(db, teamId);
  await authorizeStaffing(db, actor, team, input.role === 'leader' ? 'appoint_leader' : 'staff');
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
  await authorizeStaffing(db, actor, team, 'staff');
  const role = await repo.findRoleOfMember(db, teamId, memberKey);
  if (role === 'leader') await authorizeStaffing(db, actor, team, 'appoint_leader');
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

/**
 * Whether the actor may staff a team (add and remove members, name deputies, open recruiting, decide
 * applications): staff whose role reaches the team's place (team.staff), or the team's own leader
 * (队长). Appointing or removing the leader is for staff only.
 */
async function authorizeStaffing(db: Db, actor: Actor, team: repo.TeamRow, what: 'staff' | 'appoint_leader') {
  if (teamsPolicy.can(actor, 'team.staff', { placeCode: team.place_code })) return;
  const role = await repo.findRoleOf(db, team.id, actor.userId, actor.residentId);
  if (mayLead(what, role)) return;
  throw errors.forbidden(what === 'appoint_leader' ? 'team.appoint_leader' : 'team.staff');
}

/** Changes a member's role: 队长 (the one leader; the old one becomes 队员), 副队长, 队员. */
export async function setMemberRole(db: Db, actor: Actor, teamId: string, memberKey: string, role: TeamRole, req?: FastifyRequest) {
  const team = await teamOrFail(db, teamId);
  const current = await repo.findRoleOfMember(db, teamId, memberKey);
  await authorizeStaffing(db, actor, team, role === 'leader' || current === 'leader' ? 'appoint_leader' : 'staff');
  if (!current) throw errors.notFound('team member');
  await db.transaction(async (tx) => {
    if (role === 'leader') await repo.demoteLeaders(tx as Db, teamId);
    await repo.setMemberRole(tx as Db, teamId, memberKey, role);
  });
  await recordAudit(db, { actorId: actor.userId, action: 'team.member.role', targetKind: 'team', targetId: teamId, detail: { memberKey, from: current, to: role } }, req);
  return getTeam(db, actor, teamId);
}

/** Opens (公开招募, with a note) or closes recruiting: the team's leader or staff in scope. */
export async function setRecruiting(db: Db, actor: Actor, teamId: string, input: RecruitingBody, req?: FastifyRequest) {
  const team = await teamOrFail(db, teamId);
  await authorizeStaffing(db, actor, team, 'staff');
  await repo.setRecruiting(db, teamId, input.open, input.note?.trim() || null);
  await recordAudit(db, { actorId: actor.userId, action: input.open ? 'team.recruit.open' : 'team.recruit.close', targetKind: 'team', targetId: teamId }, req);
  return present((await repo.findTeam(db, teamId))!);
}

/** The resident behind an account, with her household: only residents apply and see teams around them. */
async function residentOfActor(db: Db, actor: Actor) {
  if (!actor.residentId) throw errors.forbidden('team.apply (a resident account)');
  const r = await findResidentRecord(db, actor.residentId);
  if (!r) throw errors.forbidden('team.apply (a resident account)');
  return r;
}

/** Teams around a resident: recruiting ones on her unit, building, compound and community, hers, and her applications. */
export async function myTeams(db: Db, actor: Actor) {
  const me = await residentOfActor(db, actor);
  const [teams, roles, applications] = await Promise.all([
    repo.findTeamsAround(db, me.householdCode, me.id, actor.userId),
    repo.findMyRoles(db, me.id, actor.userId),
    repo.findApplications(db, { residentId: me.id }),
  ]);
  const roleOf = new Map(roles.map((r) => [r.team_id, r.role as TeamRole]));
  const pending = new Map(applications.filter((a) => a.status === 'pending').map((a) => [a.team_id, a]));
  const lastOf = new Map<string, repo.ApplicationRow>();
  for (const a of applications) if (!lastOf.has(a.team_id)) lastOf.set(a.team_id, a);
  const view = (t: repo.TeamRow): OpenTeam => {
    const app = pending.get(t.id) ?? lastOf.get(t.id);
    return {
      id: t.id,
      kind: t.kind as TeamKind,
      name: t.name,
      placeName: t.place_name,
      theme: t.theme,
      leaderName: t.leader_name,
      memberCount: t.member_count,
      recruiting: t.recruiting,
      recruitNote: t.recruit_note,
      myRole: roleOf.get(t.id) ?? null,
      myApplication: app ? presentApplication(app) : null,
    };
  };
  const all = teams.map(view);
  return { open: all.filter((t) => !t.myRole && t.recruiting), mine: all.filter((t) => t.myRole), applications: applications.map(presentApplication) };
}

/**
 * 申请入队: a resident applies to a recruiting team on a place she lives in. One pending application
 * per resident and team (409 for a second, also under concurrent requests); the leader hears of it.
 * Runs in the caller's transaction (the route's idempotency claim).
 */
export async function applyToTeam(db: Db, actor: Actor, teamId: string, message: string | undefined, req?: FastifyRequest): Promise<Application> {
  const me = await residentOfActor(db, actor);
  const team = await teamOrFail(db, teamId);
  if (!me.householdCode.startsWith(team.place_code)) throw errors.forbidden('team.apply (the team serves where you do not live)');
  if (!team.recruiting) throw errors.conflict(`${team.name} is not recruiting`, [{ field: 'teamId', message: 'not recruiting' }]);
  if (await repo.findRoleOf(db, teamId, actor.userId, me.id)) throw errors.conflict(`you are a member of ${team.name} already`, [{ field: 'teamId', message: 'member already' }]);
  const row = await repo.insertApplication(db, { teamId, residentId: me.id, userId: actor.userId, name: me.name, message: message?.trim() ?? '', countyCode: team.place_code.slice(0, 6) });
  if (!row) throw errors.conflict(`you have applied to ${team.name} already`, [{ field: 'teamId', message: 'applied already' }]);
  await notifyUsers(db, await repo.findLeaderUserIds(db, teamId), { kind: 'team.application', title: `入队申请：${team.name}`, body: `${me.name}申请加入${team.name}，请审核。` });
  await recordAudit(db, { actorId: actor.userId, action: 'team.apply', targetKind: 'team', targetId: teamId, detail: { applicationId: row.id } }, req);
  return presentApplication((await repo.findApplication(db, row.id))!);
}

/** Withdraws my pending application. */
export async function withdrawApplication(db: Db, actor: Actor, id: string, req?: FastifyRequest) {
  const a = await repo.findApplication(db, id);
  if (!a || a.resident_id !== actor.residentId) throw errors.notFound('application');
  if (!(await repo.decideApplication(db, id, { status: 'withdrawn', reason: null, decidedBy: actor.userId, decidedByName: actor.displayName })))
    throw errors.conflict(`the application is ${a.status} already`, [{ field: 'id', message: a.status }]);
  await recordAudit(db, { actorId: actor.userId, action: 'team.apply.withdraw', targetKind: 'team', targetId: a.team_id }, req);
  return presentApplication((await repo.findApplication(db, id))!);
}

/** Applications to one team: its leader and staff in scope. */
export async function listTeamApplications(db: Db, actor: Actor, teamId: string, status?: ApplicationStatus) {
  const team = await teamOrFail(db, teamId);
  await authorizeStaffing(db, actor, team, 'staff');
  return (await repo.findApplications(db, { teamId, status })).map(presentApplication);
}

/** Applications the actor may decide: to the teams she leads and to teams in her team.staff scope. */
export async function listApplicationsToDecide(db: Db, actor: Actor, status?: ApplicationStatus) {
  const prefixes = teamsPolicy.scopeOf(actor, 'team.staff');
  const teamIds = await repo.findLedTeamIds(db, actor.userId, actor.residentId);
  if (!prefixes.length && !teamIds.length) return [];
  return (await repo.findApplications(db, { prefixes, teamIds, status: status ?? 'pending' })).map(presentApplication);
}

/**
 * Approves (she becomes a 队员) or rejects (a reason is required) a pending application; she is told
 * in her inbox. The leader or staff in scope; a decided application answers 409.
 */
export async function decideApplication(db: Db, actor: Actor, id: string, input: DecideBody, req?: FastifyRequest) {
  const a = await repo.findApplication(db, id);
  if (!a) throw errors.notFound('application');
  const team = (await repo.findTeam(db, a.team_id))!;
  await authorizeStaffing(db, actor, team, 'staff');
  const reason = input.reason?.trim() || null;
  if (!input.approve && !reason) throw errors.field('reason', 'give the applicant a reason when you reject');
  const resident = await findResidentRecord(db, a.resident_id);
  const applicant = a.user_id ?? (await usersOfResidents(db, [a.resident_id])).get(a.resident_id) ?? null;
  await db.transaction(async (txRaw) => {
    const tx = txRaw as Db;
    const done = await repo.decideApplication(tx, id, { status: input.approve ? 'approved' : 'rejected', reason, decidedBy: actor.userId, decidedByName: actor.displayName });
    if (!done) throw errors.conflict(`the application is ${a.status} already`, [{ field: 'id', message: a.status }]);
    if (input.approve) {
      const isParty = resident?.politicalStatus === '中共党员' || resident?.politicalStatus === '中共预备党员';
      await repo.insertMemberIfAbsent(tx, { teamId: team.id, memberKey: `r:${a.resident_id}`, residentId: a.resident_id, userId: null, name: a.name, role: 'member', source: isParty ? 'party_member' : 'volunteer', countyCode: team.place_code.slice(0, 6) });
    }
    await notifyUsers(tx, [applicant], input.approve
      ? { kind: 'team.application.approved', title: `入队申请已通过：${team.name}`, body: `欢迎加入${team.name}！您现在是队员。` }
      : { kind: 'team.application.rejected', title: `入队申请未通过：${team.name}`, body: `原因：${reason}` });
  });
  await recordAudit(db, { actorId: actor.userId, action: input.approve ? 'team.apply.approve' : 'team.apply.reject', targetKind: 'team', targetId: team.id, detail: { applicationId: id } }, req);
  return presentApplication((await repo.findApplication(db, id))!);
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
