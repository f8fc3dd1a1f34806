/** Teams: the three tier teams (单元自治组, 楼栋互助队, 小区共治团), 新社工 and themed teams, and their members. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { AddMemberBody, BootstrapResult, CreateTeamBody, Team, TeamDetail, TeamKind } from '../../../../contracts/teams';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { Team, TeamKind };
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

/** The four themed teams of the seeds (联户 联排 联调 联建). */
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
  return () => Promise.all([qc.invalidateQueries({ queryKey: ['teams'] }), qc.invalidateQueries({ queryKey: ['team'] })]);
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
