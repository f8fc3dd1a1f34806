/** Party members (党员名册), working members' check-ins (在职党员报到), transfers (转接) and new-employment workers. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { MeResponse } from '../../../../contracts/identity';
import type {
  CheckinBody,
  CheckinSchema,
  GigWorkerBody,
  GigWorkerSchema,
  MembershipBody,
  PartyMember,
  TransferBody,
  TransferSchema,
} from '../../../../contracts/members';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { PartyMember, MembershipBody, CheckinBody, TransferBody, GigWorkerBody };
export type Checkin = Static<typeof CheckinSchema>;
export type Transfer = Static<typeof TransferSchema>;
export type GigWorker = Static<typeof GigWorkerSchema>;
export type MemberStatus = PartyMember['status'];
export type MemberKept = PartyMember['membershipKept'];

/** The server's members policy (the API still decides). */
export const MEMBER_READ_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const MEMBER_MANAGE_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const GIG_REGISTER_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];

/** contracts/members GIG_OCCUPATIONS (kept here so typebox stays out of the bundle; the type keeps them in step). */
export const GIG_OCCUPATIONS: readonly GigWorkerBody['occupation'][] = ['外卖骑手', '快递员', '网约车司机', '货车司机', '网络主播', '家政服务员', '其他'];

/** True if a grant with one of `roles` reaches `code` (at or under its node). */
export function reaches(me: MeResponse, roles: readonly Role[], code: string): boolean {
  return me.grants.some((g) => g.scopeKind === 'place' && roles.includes(g.role) && code.startsWith(g.scopeCode));
}

const enc = encodeURIComponent;

export interface RosterQuery {
  place: string;
  status?: MemberStatus;
  kept?: MemberKept;
  page: number;
  pageSize: number;
}

function rosterPath(q: RosterQuery): string {
  const p = new URLSearchParams({ place: q.place, page: String(q.page), pageSize: String(q.pageSize) });
  if (q.status) p.set('status', q.status);
  if (q.kept) p.set('kept', q.kept);
  return `/party-members?${p}`;
}

export function usePartyMembers(q: RosterQuery | null) {
  return useQuery({ queryKey: ['party-members', q], queryFn: () => api<PartyMember[]>(rosterPath(q!)), enabled: !!q, placeholderData: (prev) => prev });
}

const ALL_PAGE = 500;
const ALL_PAGES = 20;

/** Every member under a place, up to 10,000 (there is no count in the API); `truncated` if there are more. */
export function useAllPartyMembers(place: string | null, kept?: MemberKept) {
  return useQuery({
    queryKey: ['party-members', 'all', place, kept],
    enabled: !!place,
    queryFn: async () => {
      const members: PartyMember[] = [];
      for (let page = 1; page <= ALL_PAGES; page++) {
        const batch = await api<PartyMember[]>(rosterPath({ place: place!, kept, page, pageSize: ALL_PAGE }));
        members.push(...batch);
        if (batch.length < ALL_PAGE) return { members, truncated: false };
      }
      return { members, truncated: true };
    },
  });
}

function useWrite<V, R>(call: (v: V) => Promise<R>, keys: string[]) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => Promise.all(keys.map((k) => qc.invalidateQueries({ queryKey: [k] }))) });
}

export const useSetMembership = () =>
  useWrite(
    ({ residentId, body }: { residentId: string; body: MembershipBody }) =>
      api<PartyMember>(`/residents/${enc(residentId)}/party-membership`, { method: 'PUT', body }),
    ['party-members', 'household'],
  );

export const useRemoveMembership = () =>
  useWrite((residentId: string) => api<{ ok: true }>(`/residents/${enc(residentId)}/party-membership`, { method: 'DELETE' }), ['party-members', 'household']);

export interface CheckinQuery {
  community?: string;
  employerPartyOrg?: string;
  active: boolean;
}

export function useCheckins(q: CheckinQuery) {
  const p = new URLSearchParams({ active: String(q.active) });
  if (q.community) p.set('community', q.community);
  if (q.employerPartyOrg) p.set('employerPartyOrg', q.employerPartyOrg);
  return useQuery({ queryKey: ['member-checkins', q], queryFn: () => api<Checkin[]>(`/member-checkins?${p}`) });
}

export const useCheckIn = () => useWrite((body: CheckinBody) => api<Checkin>('/member-checkins', { method: 'POST', body }), ['member-checkins']);
export const useEndCheckin = () => useWrite((id: string) => api<{ ok: true }>(`/member-checkins/${enc(id)}/end`, { method: 'POST', body: {} }), ['member-checkins']);

export function useTransfers(community: string | null) {
  return useQuery({
    queryKey: ['membership-transfers', community],
    queryFn: () => api<Transfer[]>(`/membership-transfers?community=${enc(community!)}`),
    enabled: !!community,
  });
}

export const useRequestTransfer = () =>
  useWrite((body: TransferBody) => api<Transfer>('/membership-transfers', { method: 'POST', body }), ['membership-transfers']);
export const useCompleteTransfer = () =>
  useWrite((id: string) => api<Transfer>(`/membership-transfers/${enc(id)}/complete`, { method: 'POST', body: {} }), ['membership-transfers', 'party-members']);

export function useGigWorkers(community: string | null) {
  return useQuery({ queryKey: ['gig-workers', community], queryFn: () => api<GigWorker[]>(`/gig-workers?community=${enc(community!)}`), enabled: !!community });
}

export const useRegisterGig = () => useWrite((body: GigWorkerBody) => api<GigWorker>('/gig-workers', { method: 'POST', body }), ['gig-workers']);
