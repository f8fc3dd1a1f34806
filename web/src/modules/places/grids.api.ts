/** Grids of a community: list with unassigned buildings, create, rename, set buildings, appoint and remove workers. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CommunityGrids, GridDetail } from '../../../../contracts/grids';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type CommunityGridsView = Static<typeof CommunityGrids>;
export type GridBuilding = CommunityGridsView['unassigned'][number];
export type { GridDetail };

/** The server's grid policy (the API still decides). */
export const GRID_READ_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const GRID_MANAGE_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];

const enc = encodeURIComponent;
const gridsKey = (community: string | null) => ['grids', community] as const;

export function useCommunityGrids(community: string | null) {
  return useQuery({
    queryKey: gridsKey(community),
    queryFn: () => api<CommunityGridsView>(`/communities/${enc(community!)}/grids`),
    enabled: !!community,
  });
}

/** Every write answers with the grid; the community's list (and the buildings' pages) refetch. */
function useGridWrite<V>(community: string, call: (v: V) => Promise<GridDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: gridsKey(community) }), qc.invalidateQueries({ queryKey: ['place'] })]),
  });
}

export const useCreateGrid = (community: string) =>
  useGridWrite(community, (name: string) => api<GridDetail>('/grids', { method: 'POST', body: { communityCode: community, name } }));

export const useRenameGrid = (community: string) =>
  useGridWrite(community, ({ code, name }: { code: string; name: string }) => api<GridDetail>(`/grids/${enc(code)}`, { method: 'PATCH', body: { name } }));

export const useSetGridBuildings = (community: string) =>
  useGridWrite(community, ({ code, buildingCodes }: { code: string; buildingCodes: string[] }) =>
    api<GridDetail>(`/grids/${enc(code)}/buildings`, { method: 'PUT', body: { buildingCodes } }),
  );

export const useAppointWorker = (community: string) =>
  useGridWrite(community, ({ code, userId }: { code: string; userId: string }) => api<GridDetail>(`/grids/${enc(code)}/workers`, { method: 'POST', body: { userId } }));

export const useRemoveWorker = (community: string) =>
  useGridWrite(community, ({ code, userId }: { code: string; userId: string }) => api<GridDetail>(`/grids/${enc(code)}/workers/${enc(userId)}`, { method: 'DELETE' }));

/** Buildings grouped by compound, in the order they came. */
export function byCompound<B extends { compoundName: string }>(buildings: readonly B[]): [string, B[]][] {
  const groups = new Map<string, B[]>();
  for (const b of buildings) groups.set(b.compoundName, [...(groups.get(b.compoundName) ?? []), b]);
  return [...groups];
}
