import { makePolicy } from '../../platform/access.js';

/**
 * Points: staff in scope read accounts and leaderboards; community staff and above keep the rules,
 * the shop and corrections (reversals, adjustments). Residents act on their own account in the service.
 */
export const pointsPolicy = makePolicy({
  'points.read': ['unit_head', 'building_head', 'grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  'points.manage': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
});
