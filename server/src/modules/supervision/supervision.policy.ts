import { makePolicy } from '../../platform/access.js';

/** Dashboards and the big screen are for the staff who supervise: branch secretaries up to the city, and the supervisor. */
export const supervisionPolicy = makePolicy({
  'dashboard.read': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
});
