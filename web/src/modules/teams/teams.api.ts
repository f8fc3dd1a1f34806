/** Teams: the three tier teams (单元自治组, 楼栋互助队, 小区共治团), 新社工 and themed teams, and their members. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { AddMemberBody, Application, ApplicationStatus, BootstrapResult, CreateTeamBody, DecideBody, MyTeamsSchema, OpenTeam, RecruitingBody, Team, TeamDetail, TeamKind, TeamRole } from '../../../../contracts/teams';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { Application, ApplicationStatus, OpenTeam, Team, TeamKind, TeamRole };
export type MyTeams = Static<typeof MyTeamsSchema>;
/** 队长, 副队长, 队员 (contracts/teams TEAM_ROLES). */
export const TEAM_ROLES: readonly TeamRole[] = ['leader', 'deputy', 'member'];
export type TeamDetailView = Static<typeof TeamDetail>;
export type TeamMember = TeamDetailView['members'][number];
export type Bootstrapped = Static<typeof BootstrapResult>;

/** The server's teams policy (the API still decides). */
export const TEAM_READ_ROLES: readonly Role[] = [
  'unit_head',
  'building_head',
  'grid_worker',
  'branch_secretary',
  'community_staff',
  'township_staff',
  'county_staff',
  'city_admin',
  'supervisor',
  'property_staff',
];
export const TEAM_MANAGE_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];
/** Unit and building heads staff the teams they lead. */
export const TEAM_STAFF_ROLES: readonly Role[] = ['unit_head', 'building_head', ...TEAM_MANAGE_ROLES];

/** The tiers, top down as the page shows them. */
export const TIER_KINDS = ['compound_team', 'building_team', 'unit_team'] as const;
export const TIER_LEVEL = { compound_team: 'compound', building_team: 'building', unit_team: 'unit' } as const;

/** Where a member comes from (contracts/teams MEMBER_SOURCES; not imported, to keep typebox out of the bundle). */
export type MemberSource = NonNullable<AddMemberBody['source']>;
export const MEMBER_SOURCES: readonly MemberSource[] = ['resident', 'party_member', 'volunteer', 'grid_worker'];

/** The four themed teams of the seeds (联户 联排 联调 联建; contracts/teams TEAM_THEMES). */
export const THEMES = ['环境整治联户', '安全隐患联排', '矛盾纠纷联调', '文明小区联建'] as const;

const enc = encodeURIComponent;
const PAGE = 500;

/** Every team under a place (the API pages by 500). */
async function fetchAllTeams(place: string): Promise<Team[]> {
  const all: Team[] = [];
  for (let page = 1; page <= 40; page++) {
    const batch = await api<Team[]>(`/teams?place=${enc(place)}&page=${page}&pageSize=${PAGE}`);
    all.push(...batch);
    if (batch.length < PAGE) break;
  }
  return all;
}

export function useTeams(place: string | null) {
  return useQuery({ queryKey: ['teams', place], queryFn: () => fetchAllTeams(place!), enabled: !!place });
}

export function useTeam(id: string | null) {
  return useQuery({ queryKey: ['team', id], queryFn: () => api<TeamDetailView>(`/teams/${enc(id!)}`), enabled: !!id });
}

function useInvalidateTeams() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['teams'] }),
      qc.invalidateQueries({ queryKey: ['team'] }),
      qc.invalidateQueries({ queryKey: ['team-applications'] }),
      qc.invalidateQueries({ queryKey: ['my-teams'] }),
    ]);
}

const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
/** An Idempotency-Key for one intent (a form opened once): a retried submit sends the same key. */
export const idempotencyKey = newKey;

export function useSetRole(id: string) {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: ({ memberKey, role }: { memberKey: string; role: TeamRole }) => api<TeamDetailView>(`/teams/${enc(id)}/members/${enc(memberKey)}/role`, { method: 'PUT', body: { role } }),
    onSuccess: invalidate,
  });
}

export function useSetRecruiting(id: string) {
  const invalidate = useInvalidateTeams();
  return useMutation({ mutationFn: (body: RecruitingBody) => api<Team>(`/teams/${enc(id)}/recruiting`, { method: 'PUT', body }), onSuccess: invalidate });
}

export function useTeamApplications(id: string, status?: ApplicationStatus) {
  return useQuery({ queryKey: ['team-applications', id, status], queryFn: () => api<Application[]>(`/teams/${enc(id)}/applications${status ? `?status=${status}` : ''}`) });
}

/** Pending applications I may decide (the teams I lead, and teams in my scope). */
export function useApplicationsToDecide() {
  return useQuery({ queryKey: ['team-applications', 'to-decide'], queryFn: () => api<Application[]>('/team-applications') });
}

export function useDecide() {
  const invalidate = useInvalidateTeams();
  return useMutation({ mutationFn: ({ id, ...body }: DecideBody & { id: string }) => api<Application>(`/team-applications/${enc(id)}/decision`, { method: 'POST', body }), onSuccess: invalidate });
}

/** A resident's teams: recruiting near her, hers, her applications. */
export function useMyTeams() {
  return useQuery({ queryKey: ['my-teams'], queryFn: () => api<MyTeams>('/teams/mine') });
}

export function useApply() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: ({ teamId, message, key }: { teamId: string; message?: string; key: string }) =>
      api<Application>(`/teams/${enc(teamId)}/applications`, { method: 'POST', body: message ? { message } : {}, headers: { 'idempotency-key': key } }),
    onSuccess: invalidate,
  });
}

export function useWithdraw() {
  const invalidate = useInvalidateTeams();
  return useMutation({ mutationFn: (id: string) => api<Application>(`/team-applications/${enc(id)}/withdraw`, { method: 'POST', body: {} }), onSuccess: invalidate });
}

export function useBootstrapTeams() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (placeCode: string) => api<Bootstrapped>('/teams/bootstrap', { method: 'POST', body: { placeCode } }),
    onSuccess: invalidate,
  });
}

export function useCreateTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({ mutationFn: (body: CreateTeamBody) => api<Team>('/teams', { method: 'POST', body }), onSuccess: invalidate });
}

export function useRenameTeam(id: string) {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (name: string) => api<TeamDetailView>(`/teams/${enc(id)}`, { method: 'PATCH', body: { name } }),
    onSuccess: invalidate,
  });
}

export function useAddMember(id: string) {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (body: AddMemberBody) => api<TeamDetailView>(`/teams/${enc(id)}/members`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useRemoveMember(id: string) {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (memberKey: string) => api<TeamDetailView>(`/teams/${enc(id)}/members/${enc(memberKey)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}
