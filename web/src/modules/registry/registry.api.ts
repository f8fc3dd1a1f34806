/** Household queries: any household in my scope, and my own. */
import { useQuery } from '@tanstack/react-query';
import type { Household } from '../../../../contracts/registry';
import { api } from '../../api';

export function useHousehold(code: string) {
  return useQuery({ queryKey: ['household', code], queryFn: () => api<Household>(`/households/${encodeURIComponent(code)}`) });
}

export function useMyHousehold() {
  return useQuery({ queryKey: ['household', 'mine'], queryFn: () => api<Household>('/me/household') });
}
