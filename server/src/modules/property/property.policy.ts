import { makePolicy } from '../../platform/access.js';

/**
 * Smart property: staff in scope see devices and alerts; property companies and community staff keep
 * devices and rules (and staff above them may step in); property staff,
 * the branch secretary and staff from the community up acknowledge and resolve alerts.
 */
export const propertyPolicy = makePolicy({
  'device.read': ['property_staff', 'grid_worker', 'building_head', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  'device.manage': ['property_staff', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'rule.manage': ['property_staff', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'alert.handle': ['property_staff', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'invalid.read': ['property_staff', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
});
