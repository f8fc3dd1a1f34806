/** How a place's level is named on screen: 市/区县/街道乡镇/社区/村/小区/楼栋/单元/户. */
import type { Place } from '../../../../contracts/places';
import type { MessageKey } from '../../i18n';

/** The message key for a place's level; a community whose kind is 村 is a village. */
export function levelKey(place: Pick<Place, 'level' | 'kind'>): MessageKey {
  if (place.level === 'community' && place.kind === '村') return 'level.village';
  return `level.${place.level}`;
}

const LEVEL_COLOURS: Record<Place['level'], string> = {
  city: 'red',
  county: 'volcano',
  township: 'orange',
  community: 'gold',
  compound: 'green',
  building: 'cyan',
  unit: 'blue',
  household: 'purple',
};

/** A tag colour per level, so a mixed list reads at a glance. */
export const levelColour = (level: Place['level']): string => LEVEL_COLOURS[level];
