/** Place tree queries: my roots and one place with its ancestors and a page of children. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Place, PlaceDetail } from '../../../../contracts/places';
import { api } from '../../api';

/** Codes are digits only; anything else is not a place (and would be a 400 from the API). */
export const isPlaceCode = (code: string): boolean => /^[0-9]{4,24}$/.test(code);

export const placeKey = (code: string, page: number, pageSize: number) => ['place', code, page, pageSize] as const;

/** GET /places/:code for one page of children. */
export function fetchPlace(code: string, page = 1, pageSize = 200): Promise<PlaceDetail> {
  return api<PlaceDetail>(`/places/${encodeURIComponent(code)}?page=${page}&pageSize=${pageSize}`);
}

/** The roots of what I may see. */
export function usePlaceRoots() {
  return useQuery({ queryKey: ['places', 'roots'], queryFn: () => api<Place[]>('/places') });
}

/** One place and a page of its children; keeps the previous page on screen while paging. */
export function usePlace(code: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: placeKey(code, page, pageSize),
    queryFn: () => fetchPlace(code, page, pageSize),
    enabled: isPlaceCode(code),
    placeholderData: (previous) => (previous?.place.code === code ? keepPreviousData(previous) : undefined),
  });
}
