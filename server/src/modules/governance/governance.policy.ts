import { makePolicy, STAFF_ROLES } from '../../platform/access.js';

const LEADERS = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'] as const;

/**
 * Self-governance: votes are set up, opened, closed and paper ballots entered by the branch and
 * community and above; every official in scope reads them. Residents vote where the electorate has
 * them (checked by the service, not by role). The owners' roll is kept by the same leaders and read
 * by property staff as well.
 */
export const governancePolicy = makePolicy({
  'vote.manage': LEADERS,
  'vote.read': STAFF_ROLES,
  'owners.manage': LEADERS,
  'owners.read': [...LEADERS, 'property_staff', 'supervisor'],
});
