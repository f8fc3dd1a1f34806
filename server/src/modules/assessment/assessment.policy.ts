import { makePolicy, STAFF_ROLES } from '../../platform/access.js';

/** Indicators and surveys are set by the community and above; the ranking is read by officials in scope. */
export const assessmentPolicy = makePolicy({
  'assessment.manage': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'assessment.read': STAFF_ROLES,
});
