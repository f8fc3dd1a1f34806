import { makePolicy } from '../../platform/access.js';

/** Party membership records are read and kept by party and community staff in scope. */
export const membersPolicy = makePolicy({
  'member.read': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  'member.manage': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  /** New-employment workers register with the community. */
  'gig.register': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'gig.read': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
});
