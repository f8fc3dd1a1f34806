import { makePolicy } from '../../platform/access.js';

const STAFF = ['community_staff', 'township_staff', 'county_staff', 'city_admin'] as const;

/**
 * Party organisations, at or under the actor's node. A branch secretary (granted on her compound) sees
 * her compound's part of the plan and appoints its centre households; staff from the community up adopt
 * and edit; the supervisor watches.
 */
export const partyPolicy = makePolicy({
  'party.read': ['branch_secretary', ...STAFF, 'supervisor'],
  'party.adopt': STAFF,
  'party.edit': STAFF,
  'centre.appoint': ['branch_secretary', ...STAFF],
});
