/** 流动党员: the register, grouping proposals, pairing, the contact log. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GroupProposal, MobileGroup, MobileMember, MobileMemberDetail } from '../../../../contracts/mobile-members';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { GroupProposal, MobileGroup, MobileMember, MobileMemberDetail };
export const MOBILE_READ_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const MOBILE_MANAGE_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const STEPS = ['surveyed', 'registered', 'grouped', 'paired', 'tracking'] as const;
export const METHODS = ['phone', 'wechat', 'visit', 'video'] as const;

export const useMobileMembers = (place: string | null, overdue: boolean) =>
  useQuery({ queryKey: ['mobile', 'members', place, overdue], queryFn: () => api<MobileMember[]>(`/mobile-members?place=${place}${overdue ? '&overdue=true' : ''}`), enabled: !!place });
export const useProposals = (place: string | null) => useQuery({ queryKey: ['mobile', 'proposal', place], queryFn: () => api<GroupProposal[]>(`/mobile-groups/proposal?place=${place}`), enabled: !!place });
export const useGroups = (place: string | null) => useQuery({ queryKey: ['mobile', 'groups', place], queryFn: () => api<MobileGroup[]>(`/mobile-groups?place=${place}`), enabled: !!place });
export const useMobileMember = (id: string | null) => useQuery({ queryKey: ['mobile', 'member', id], queryFn: () => api<MobileMemberDetail>(`/mobile-members/${id}`), enabled: !!id });

function useWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: ['mobile'] }) });
}
export const useSurvey = () => useWrite((body: Record<string, unknown>) => api<MobileMember>('/mobile-members', { method: 'POST', body }));
export const useRegister = () => useWrite((id: string) => api<MobileMember>(`/mobile-members/${id}/register`, { method: 'POST', body: {} }));
export const usePair = () => useWrite((id: string) => api<MobileMember>(`/mobile-members/${id}/pair`, { method: 'POST', body: {} }));
export const useAdopt = () => useWrite((body: { placeCode: string; destinationCity: string }) => api<MobileGroup>('/mobile-groups', { method: 'POST', body }));
export const useLogContact = () => useWrite(({ id, ...body }: { id: string; method: string; note?: string; study?: boolean; studyTopic?: string }) => api<MobileMemberDetail>(`/mobile-members/${id}/contacts`, { method: 'POST', body }));
export const useRemindOverdue = () => useWrite((placeCode: string) => api<{ overdue: number; cadres: number }>('/mobile-members/reminders', { method: 'POST', body: { placeCode } }));
