import { makePolicy } from '../../platform/access.js';

/** Who may manage accounts and read the audit log, at or under their node. */
export const identityPolicy = makePolicy({
  'user.create': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'role.grant': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'audit.read': ['city_admin', 'supervisor'],
});

/** Roles only the city admin hands out: they reach everything or watch everyone. */
export const CITY_ONLY_ROLES = ['city_admin', 'supervisor'] as const;
