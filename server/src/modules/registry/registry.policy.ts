import { makePolicy } from '../../platform/access.js';

/** Residents' records: read by those who serve them, revealed only to those who must call or verify. */
export const registryPolicy = makePolicy({
  'resident.read': [
    'resident',
    'unit_head',
    'building_head',
    'grid_worker',
    'branch_secretary',
    'community_staff',
    'township_staff',
    'county_staff',
    'city_admin',
    'supervisor',
  ],
  'resident.reveal': ['grid_worker', 'community_staff', 'township_staff'],
  /** Bulk import (Excel/CSV) into a community: the staff who keep the registry, not grid workers. */
  'resident.import': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
  /** Export of a subtree's registry to xlsx (masked unless the role may also reveal, and asks to). */
  'resident.export': ['grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
});
