/** Points: my account, the shop, the leaderboard; for staff the rules, ledger, reversals and redemptions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateItemBody, LedgerEntry, PointsItem, PointsRules, Redemption, SetRulesBody } from '../../../../contracts/points';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { LedgerEntry, PointsItem, PointsRules, Redemption };
export interface Account {
  residentId: string;
  balance: number;
  earned: number;
  entries: LedgerEntry[];
}
export interface BoardRow {
  rank: number;
  residentId: string;
  name: string;
  earned: number;
  balance: number;
}

export const POINTS_READ_ROLES: readonly Role[] = ['unit_head', 'building_head', 'grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const POINTS_MANAGE_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];
/** The reasons of contracts/points (not imported, to keep typebox out of the bundle). */
export const REASONS = ['service_hours', 'participation', 'ticket_closed', 'redemption', 'reversal', 'manual'] as const;

const newKey = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`);

export const useMyPoints = () => useQuery({ queryKey: ['points', 'me'], queryFn: () => api<Account>('/points/me') });
export const useItems = (community: string | null) => useQuery({ queryKey: ['points', 'items', community], queryFn: () => api<PointsItem[]>(`/points/items?community=${community}`), enabled: !!community });
export const useLeaderboard = (community: string | null, period: 'year' | 'month' | 'all' = 'year') =>
  useQuery({ queryKey: ['points', 'board', community, period], queryFn: () => api<BoardRow[]>(`/points/leaderboard?community=${community}&period=${period}`), enabled: !!community });
export const useRules = (community: string | null) => useQuery({ queryKey: ['points', 'rules', community], queryFn: () => api<PointsRules>(`/points/rules/${community}`), enabled: !!community });
export const useLedger = (community: string | null) => useQuery({ queryKey: ['points', 'ledger', community], queryFn: () => api<LedgerEntry[]>(`/points/ledger?community=${community}`), enabled: !!community });
export const useRedemptions = (community: string | null, mine = false) =>
  useQuery({ queryKey: ['points', 'redemptions', community, mine], queryFn: () => api<Redemption[]>(mine ? '/points/redemptions?mine=true' : `/points/redemptions?community=${community}`), enabled: mine || !!community });

function useWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: ['points'] }) });
}

export const useRedeem = () => useWrite((itemId: string) => api<Redemption>(`/points/items/${itemId}/redeem`, { method: 'POST', body: { quantity: 1 }, headers: { 'idempotency-key': newKey() } }));
export const useSetRules = () => useWrite(({ community, ...body }: SetRulesBody & { community: string }) => api<PointsRules>(`/points/rules/${community}`, { method: 'PUT', body }));
export const useCreateItem = () => useWrite((body: CreateItemBody) => api<PointsItem>('/points/items', { method: 'POST', body, headers: { 'idempotency-key': newKey() } }));
export const useUpdateItem = () => useWrite(({ id, ...body }: { id: string; stock?: number; active?: boolean }) => api<PointsItem>(`/points/items/${id}`, { method: 'PATCH', body }));
export const useReverse = () => useWrite(({ id, note }: { id: number; note: string }) => api<LedgerEntry>(`/points/ledger/${id}/reverse`, { method: 'POST', body: { note } }));
export const useHandOver = () => useWrite((id: string) => api<{ ok: true }>(`/points/redemptions/${id}/hand-over`, { method: 'POST', body: {} }));
