import { makePolicy } from '../../platform/access.js';

/** Teams are read by everyone who serves in scope; formed and staffed by those who lead there. */
export const teamsPolicy = makePolicy({
  'team.read': ['unit_head', 'building_head', 'grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor', 'property_staff'],
  'team.manage': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  /** Unit and building heads add and remove members of the teams they lead. */
  'team.staff': ['unit_head', 'building_head', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
});

/**
 * What a team's own members may do beyond their grants: the leader (队长) staffs her team — adds and
 * removes members, names deputies, opens recruiting, decides applications — but only staff appoint or
 * remove a leader. Deputies and members staff nothing.
 */
export function mayLead(what: 'staff' | 'appoint_leader', roleInTeam: string | null): boolean {
  return what === 'staff' && roleInTeam === 'leader';
}
