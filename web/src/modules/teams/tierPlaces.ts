/** The compounds, buildings and units under a place: where tier teams should be (to see where they are not). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Place } from '../../../../contracts/places';
import { fetchPlace, placeKey } from '../places/places.api';

export type TierLevel = 'compound' | 'building' | 'unit';
export interface TierPlace {
  code: string;
  name: string;
  level: TierLevel;
  children: TierPlace[];
}

const TIER_LEVELS: readonly string[] = ['compound', 'building', 'unit'];
const PAGE = 500;

/** The tier places at and under `place` (a community gives its compounds). */
export function useTierPlaces(place: Place | null) {
  const qc = useQueryClient();
  const childrenOf = async (code: string): Promise<Place[]> => {
    const all: Place[] = [];
    for (let page = 1; ; page++) {
      const d = await qc.fetchQuery({ queryKey: placeKey(code, page, PAGE), queryFn: () => fetchPlace(code, page, PAGE), staleTime: 30_000 });
      all.push(...d.children);
      if (all.length >= d.childTotal || d.children.length === 0) return all;
    }
  };
  const down = async (p: Place): Promise<TierPlace> => ({
    code: p.code,
    name: p.name,
    level: p.level as TierLevel,
    children: p.level === 'unit' || p.childCount === 0 ? [] : await Promise.all((await childrenOf(p.code)).map(down)),
  });
  return useQuery({
    queryKey: ['tier-places', place?.code],
    enabled: !!place && (place.level === 'community' || TIER_LEVELS.includes(place.level)),
    queryFn: async () => (place!.level === 'community' ? Promise.all((await childrenOf(place!.code)).map(down)) : [await down(place!)]),
  });
}
