import { makePolicy, STAFF_ROLES } from '../../platform/access.js';

/**
 * Activities: officials in scope read them; community and party staff organise them (create, theme
 * calendar, export). An activity's own leader (any account) checks people in by hand and approves
 * their hours; the service grants her that on her activities. Residents sign themselves up.
 */
export const activitiesPolicy = makePolicy({
  'activity.read': STAFF_ROLES,
  'activity.manage': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
});
