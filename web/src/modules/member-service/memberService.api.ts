/** 在职党员服务: posts, the annual target, progress, reminders and the employer's list. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ServicePost, ServiceProgress } from '../../../../contracts/member-service';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { ServicePost, ServiceProgress };
export const SERVICE_READ_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const SERVICE_MANAGE_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];

export const usePosts = (community: string | null) => useQuery({ queryKey: ['service', 'posts', community], queryFn: () => api<ServicePost[]>(`/member-service/posts?community=${community}`), enabled: !!community });
export const useProgress = (community: string | null, year: number) =>
  useQuery({ queryKey: ['service', 'progress', community, year], queryFn: () => api<ServiceProgress[]>(`/member-service/progress?community=${community}&year=${year}`), enabled: !!community });
export const useTarget = (community: string | null, year: number) =>
  useQuery({ queryKey: ['service', 'target', community, year], queryFn: () => api<{ targetHours: number; isDefault: boolean }>(`/member-service/targets/${community}?year=${year}`), enabled: !!community });

function useWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: ['service'] }) });
}
export const useCreatePost = () => useWrite((body: { communityCode: string; name: string; capacity?: number }) => api<ServicePost>('/member-service/posts', { method: 'POST', body }));
export const useSetTarget = () => useWrite(({ community, ...body }: { community: string; year: number; targetHours: number }) => api(`/member-service/targets/${community}`, { method: 'PUT', body }));
export const useRemind = () => useWrite((communityCode: string) => api<{ behind: number; reminded: number; withoutAccount: number }>('/member-service/reminders', { method: 'POST', body: { communityCode } }));
/** 认岗 for a member (staff), or for myself. */
export const useChoosePost = () => useWrite(({ postId, residentId }: { postId: string; residentId?: string }) => api(`/member-service/posts/${postId}/choose`, { method: 'POST', body: residentId ? { residentId } : {} }));
