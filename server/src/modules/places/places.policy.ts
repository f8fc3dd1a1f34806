import { makePolicy } from '../../platform/access.js';

/** Everyone with a role may browse the tree at or under her node; residents see their own household. */
export const placesPolicy = makePolicy({
  'place.read': [
    'resident',
    'unit_head',
    'building_head',
    'grid_worker',
    'branch_secretary',
    'community_staff',
    'township_staff',
    'county_staff',
    'city_admin',
    'property_staff',
    'supervisor',
  ],
  'grid.read': ['grid_worker', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  /** Compounds, buildings, units, households: created, renamed, moved by staff in scope. */
  'place.manage': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
  /** Townships and communities carry statistical codes: only county and city staff add them. */
  'place.manageDivision': ['county_staff', 'city_admin'],
  'grid.manage': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
});
