/** The place a page works on: `?place=` in the address, else my first root at one of the page's levels. */
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { PlaceLevel } from '../../../../contracts/roles';
import { fetchPlace, isPlaceCode, placeKey, usePlaceRoots } from './places.api';
import type { PickedPlace } from './PlaceSelect';

export function useChosenPlace(levels: readonly PlaceLevel[]) {
  const [params, setParams] = useSearchParams();
  const roots = usePlaceRoots();
  const fromUrl = params.get('place');
  const code = fromUrl && isPlaceCode(fromUrl) ? fromUrl : (roots.data?.find((p) => levels.includes(p.level))?.code ?? null);
  const detail = useQuery({ queryKey: placeKey(code ?? '', 1, 1), queryFn: () => fetchPlace(code!, 1, 1), enabled: !!code });
  const place = detail.data?.place ?? null;
  return {
    code,
    place,
    /** The place is one the page works at. */
    fits: place != null && levels.includes(place.level),
    loading: roots.isLoading || (!!code && detail.isLoading),
    error: roots.error ?? detail.error,
    choose: (p: PickedPlace) => setParams({ place: p.code }),
    picked: place ? ({ code: place.code, name: place.name, level: place.level } satisfies PickedPlace) : null,
  };
}
