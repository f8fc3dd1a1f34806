import { makePolicy } from '../../platform/access.js';

/** 在职党员服务: party and community staff in scope read progress and keep posts and targets. */
export const memberServicePolicy = makePolicy({
  'service.read': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  'service.manage': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
});
