/** Activities: the theme calendar, activities near me or under a place, sign-up, QR, hand check-in/out, hours. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Activity, CreateActivityBody, DecideHoursBody, MonthTheme, SetThemeBody, Signup } from '../../../../contracts/activities';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { Activity, MonthTheme, Signup };
export interface MyHours {
  approvedMinutes: number;
  pendingMinutes: number;
  items: Array<{ signupId: string; activityId: string; title: string; startsAt: string; minutes: number | null; hoursStatus: string; status: string }>;
}
export interface Qr {
  token: string;
  kind: 'in' | 'out';
  expiresAt: string;
  url: string;
}

/** The server's activities policy (the API still decides). */
export const ACTIVITY_MANAGE_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const ACTIVITY_READ_ROLES: readonly Role[] = ['unit_head', 'building_head', 'grid_worker', ...ACTIVITY_MANAGE_ROLES, 'property_staff', 'supervisor'];

const enc = encodeURIComponent;
const newKey = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`);

export function useNearActivities() {
  return useQuery({ queryKey: ['activities', 'near'], queryFn: () => api<Activity[]>('/activities?near=true') });
}

export function useActivities(place: string | null, from: string, to: string, led = false) {
  return useQuery({
    queryKey: ['activities', place, from, to, led],
    queryFn: () => api<Activity[]>(led ? `/activities?led=true&from=${enc(from)}&to=${enc(to)}` : `/activities?place=${enc(place!)}&from=${enc(from)}&to=${enc(to)}`),
    enabled: led || !!place,
  });
}

export function useSignups(activityId: string | null) {
  return useQuery({ queryKey: ['activity-signups', activityId], queryFn: () => api<Signup[]>(`/activities/${activityId}/signups`), enabled: !!activityId, refetchInterval: 5000 });
}

export function useThemes(community: string | null, year: number) {
  return useQuery({ queryKey: ['activity-themes', community, year], queryFn: () => api<MonthTheme[]>(`/activity-themes?community=${community}&year=${year}`), enabled: !!community });
}

export function useMyHours() {
  return useQuery({ queryKey: ['my-hours'], queryFn: () => api<MyHours>('/activities/my-hours') });
}

/** Every write refreshes the lists it touches. */
function useWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['activities'] });
      void qc.invalidateQueries({ queryKey: ['activity-signups'] });
      void qc.invalidateQueries({ queryKey: ['activity-themes'] });
      void qc.invalidateQueries({ queryKey: ['my-hours'] });
      void qc.invalidateQueries({ queryKey: ['points'] });
    },
  });
}

export const useSignUp = () => useWrite((id: string) => api<Signup>(`/activities/${id}/signups`, { method: 'POST', body: {}, headers: { 'idempotency-key': newKey() } }));
export const useSignUpResident = () =>
  useWrite(({ id, residentId }: { id: string; residentId: string }) => api<Signup>(`/activities/${id}/signups`, { method: 'POST', body: { residentId }, headers: { 'idempotency-key': newKey() } }));
export const useCancelSignup = () => useWrite((signupId: string) => api<{ promotedSignupId: string | null }>(`/activity-signups/${signupId}/cancel`, { method: 'POST', body: {} }));
export const useScan = () => useWrite((token: string) => api<{ activity: Activity; signup: Signup }>('/activities/scan', { method: 'POST', body: { token } }));
export const useHandCheck = () =>
  useWrite(({ signupId, kind, at }: { signupId: string; kind: 'in' | 'out'; at?: string }) => api<Signup>(`/activity-signups/${signupId}/check-${kind}`, { method: 'POST', body: at ? { at } : {} }));
export const useDecideHours = () => useWrite(({ signupId, ...body }: DecideHoursBody & { signupId: string }) => api<Signup>(`/activity-signups/${signupId}/hours`, { method: 'POST', body }));
export const useCreateActivity = () => useWrite((body: CreateActivityBody) => api<Activity[]>('/activities', { method: 'POST', body, headers: { 'idempotency-key': newKey() } }));
export const useSetTheme = () => useWrite((body: SetThemeBody) => api<MonthTheme>('/activity-themes', { method: 'PUT', body }));

export function fetchQr(id: string, kind: 'in' | 'out') {
  return api<Qr>(`/activities/${id}/qr?kind=${kind}`);
}

/** "2026-11" of now in Asia/Shanghai. */
export function shanghaiMonth(d = new Date()) {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

/** 120 → "2.0". */
export const hoursOf = (minutes: number | null | undefined) => ((minutes ?? 0) / 60).toFixed(1);
