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
  /** Proposals are accepted, put on agendas and decided by the same leaders; meetings likewise. */
  'proposal.manage': LEADERS,
  'meeting.manage': LEADERS,
  'meeting.read': STAFF_ROLES,
  'convention.manage': LEADERS,
});

/** The households a resident's grants name (her own). */
export const householdsOf = (actor: { grants: Array<{ role: string; scopeCode: string }> }) => actor.grants.filter((g) => g.role === 'resident').map((g) => g.scopeCode);

/** True if one of the resident's households is in the community of `placeCode`. */
export const livesIn = (actor: { grants: Array<{ role: string; scopeCode: string }> }, placeCode: string) => householdsOf(actor).some((h) => h.startsWith(placeCode.slice(0, 12)));
