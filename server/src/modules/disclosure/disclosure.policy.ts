import { makePolicy, STAFF_ROLES } from '../../platform/access.js';

/** Disclosure is published by the branch, the community and above; read by every official in scope (residents and the public by the post's visibility). */
export const disclosurePolicy = makePolicy({
  'disclosure.manage': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'disclosure.read': STAFF_ROLES,
});
