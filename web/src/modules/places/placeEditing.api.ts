/** Changing the place tree: create, rename/relocate, move, and a place's history; who may do which. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { MeResponse } from '../../../../contracts/identity';
import type { CreatePlaceBody, MovedPlace, MovePlaceBody, PlaceHistoryEntry, UpdatePlaceBody } from '../../../../contracts/place-editing';
import type { Place } from '../../../../contracts/places';
import { PLACE_LEVELS, type PlaceLevel, type Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type HistoryEntry = Static<typeof PlaceHistoryEntry>;
export type Moved = Static<typeof MovedPlace>;

/** The server's places policy (the API still decides). */
export const PLACE_MANAGE_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const DIVISION_MANAGE_ROLES: readonly Role[] = ['county_staff', 'city_admin'];
/** Townships and communities are statistical divisions: they keep their place, only compounds and below move. */
export const MOVABLE_LEVELS: readonly PlaceLevel[] = ['compound', 'building', 'unit', 'household'];
const DIVISIONS: readonly PlaceLevel[] = ['city', 'county', 'township', 'community'];

export const childLevelOf = (level: PlaceLevel): PlaceLevel | null => PLACE_LEVELS[PLACE_LEVELS.indexOf(level) + 1] ?? null;
export const parentLevelOf = (level: PlaceLevel): PlaceLevel | null => PLACE_LEVELS[PLACE_LEVELS.indexOf(level) - 1] ?? null;
/** Levels whose codes are given (statistical codes), not allocated. */
export const needsCode = (level: PlaceLevel | null) => level === 'township' || level === 'community';

/** True if one of my grants with one of `roles` reaches `code` (at or under its node). */
function reaches(me: MeResponse, roles: readonly Role[], code: string): boolean {
  return me.grants.some((g) => g.scopeKind === 'place' && roles.includes(g.role) && code.startsWith(g.scopeCode));
}

/** What I may do to a place, as the buttons should show it. */
export function placeAbilities(me: MeResponse, place: Place) {
  const child = childLevelOf(place.level);
  const childIsDivision = child != null && DIVISIONS.includes(child);
  return {
    create: child != null && reaches(me, childIsDivision ? DIVISION_MANAGE_ROLES : PLACE_MANAGE_ROLES, place.code),
    rename: reaches(me, DIVISIONS.includes(place.level) ? DIVISION_MANAGE_ROLES : PLACE_MANAGE_ROLES, place.code),
    move: MOVABLE_LEVELS.includes(place.level) && reaches(me, PLACE_MANAGE_ROLES, place.code),
  };
}

/**
 * After a change the tree, its pages and the grids of the community are stale. After a move, what was
 * loaded under the old code is gone (a refetch would be a 404): it is left alone until it is collected.
 */
function useInvalidatePlaces() {
  const qc = useQueryClient();
  return (goneCode?: string) => {
    const gone = (key: readonly unknown[]) => goneCode != null && typeof key[1] === 'string' && key[1].startsWith(goneCode);
    return Promise.all(
      ['place', 'places', 'place-history', 'grids', 'tier-places'].map((k) =>
        qc.invalidateQueries({ queryKey: [k], predicate: (q) => !gone(q.queryKey) }),
      ),
    );
  };
}

export function useCreatePlace() {
  const invalidate = useInvalidatePlaces();
  return useMutation({
    mutationFn: (body: CreatePlaceBody) => api<Place>('/places', { method: 'POST', body }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdatePlace(code: string) {
  const invalidate = useInvalidatePlaces();
  return useMutation({
    mutationFn: (body: UpdatePlaceBody) => api<Place>(`/places/${encodeURIComponent(code)}`, { method: 'PATCH', body }),
    onSuccess: () => invalidate(),
  });
}

export function useMovePlace(code: string) {
  const invalidate = useInvalidatePlaces();
  return useMutation({
    mutationFn: (body: MovePlaceBody) => api<Moved>(`/places/${encodeURIComponent(code)}/move`, { method: 'POST', body }),
    // The page moves to the new code (MovePlaceModal); nothing under the old one is asked for again.
    onSuccess: (moved) => invalidate(moved.oldCode),
  });
}

export function usePlaceHistory(code: string, enabled: boolean) {
  return useQuery({
    queryKey: ['place-history', code],
    queryFn: () => api<HistoryEntry[]>(`/places/${encodeURIComponent(code)}/history`),
    enabled,
  });
}
