import { makePolicy } from '../../platform/access.js';

/** 流动党员: party and community staff in scope survey, register, group, pair and track; cadres log their own contacts in the service. */
export const mobilePolicy = makePolicy({
  'mobile.read': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  'mobile.manage': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
});
