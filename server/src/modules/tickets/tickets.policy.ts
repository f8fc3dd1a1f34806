/**
 * Who may act on a ticket, at which tier and level. Pure: the service loads the facts (is she on the
 * current tier team, does she follow it, has she acted on it) and asks here.
 *
 * - Responders — the current tier team's leader and members, and the head of that place (unit head
 *   at the unit tier, building head at the building tier, the compound's branch secretary at the
 *   compound tier); community staff at the community tier, township staff at the township tier, and
 *   county staff for the department at the department tier — accept, return, report back, ask for
 *   an extension and escalate by hand.
 * - Dispatchers — community staff for tickets of their community, township staff for tickets of
 *   their township — dispatch, cancel, merge, shelve and unshelve.
 * - Staff above the current tier (branch secretary above tiers 1–2 of her compound, community staff
 *   above tiers 1–3, township staff above the community, county staff and the city admin above
 *   everything in reach) supervise (督办); those from community staff up also approve or reject
 *   extensions (one level up) and escalate by hand.
 * - Verifiers: the grid worker of the ticket's grid and the reporter; a ticket without a grid is
 *   verified by its dispatcher instead.
 * - The reporter reopens and rates; for a reporter without an account (a phone call, a device), the
 *   dispatcher records both on her behalf (回访).
 * - Residents create for their own household (or a pin); grid workers patrol in their grid; staff
 *   enter phone calls and device alerts; township, county and city staff refer tickets down.
 * Reading: the reporter, followers, whoever may act on it, whoever acted on it, and staff at its
 * place or above (supervisors 纪检 included); a confidential ticket only the reporter and those who
 * act or acted on it.
 */
import { makePolicy, reaches, type Actor } from '../../platform/access.js';
import type { Role } from '../../../../contracts/roles.js';
import type { TicketAction, TicketTier } from '../../../../contracts/tickets.js';
import { TIERS } from '../../../../contracts/tickets.js';
import type { QueueScope } from './tickets.repository.js';

/** Roles that create tickets by channel, and who may list tickets under a place. */
export const ticketsPolicy = makePolicy({
  'ticket.create.resident': ['resident'],
  'ticket.create.patrol': ['grid_worker'],
  'ticket.create.phone': ['community_staff', 'township_staff'],
  'ticket.create.device': ['property_staff', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'ticket.create.referral': ['township_staff', 'county_staff', 'city_admin'],
  /** Staff who see the tickets under a place (non-confidential ones, unless they also dispatch or oversee there). */
  'ticket.list': ['unit_head', 'building_head', 'grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  /** Staff who see confidential tickets in a list: they may act on every ticket there. */
  'ticket.list.confidential': ['community_staff', 'township_staff', 'county_staff', 'city_admin'],
  /** Reveal the reporter's full phone number (audited). */
  'ticket.reveal': ['grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff'],
});

/** Tier levels, bottom up. */
const TIER_LEVEL: Record<TicketTier, number> = Object.fromEntries(TIERS.map((t, i) => [t, i + 1])) as Record<TicketTier, number>;
/** The level each overseeing role sits at: it oversees tiers strictly below. County staff sit above the county's departments. */
const ROLE_LEVEL: Partial<Record<Role, number>> = { branch_secretary: 3, community_staff: 4, township_staff: 5, county_staff: 7, city_admin: 8 };

/** What policy needs to know about a ticket. */
export interface TicketFacts {
  placeCode: string;
  compoundCode: string | null;
  communityCode: string | null;
  townshipCode: string;
  countyCode: string;
  gridCode: string | null;
  /** A TicketTier (the row keeps it as text). */
  tier: string;
  teamId: string | null;
  reporterUserId: string | null;
  confidential: boolean;
}

/** What the service looked up about this actor and ticket. */
export interface ActorFacts {
  /** She is on the current tier team (as a user, or through her linked resident record). */
  onTeam: boolean;
  following: boolean;
  /** She acted on it before in a serving role (not as a resident reporting, verifying or rating her own). */
  actedBefore: boolean;
}

/** The place the current tier works at: its unit, building, compound, community, township or county. */
export function tierPlace(t: TicketFacts, tier = t.tier as TicketTier): string | null {
  switch (tier) {
    case 'unit_team':
      return t.placeCode.length >= 20 ? t.placeCode.slice(0, 20) : null;
    case 'building_team':
      return t.placeCode.length >= 18 ? t.placeCode.slice(0, 18) : null;
    case 'compound_team':
      return t.compoundCode;
    case 'community':
      return t.communityCode;
    case 'township':
      return t.townshipCode;
    case 'department':
      return t.countyCode;
  }
}

const HEAD_OF: Record<TicketTier, Role> = {
  unit_team: 'unit_head',
  building_team: 'building_head',
  compound_team: 'branch_secretary',
  community: 'community_staff',
  township: 'township_staff',
  department: 'county_staff',
};

/** The role in which she responds at the current tier, or null. */
export function responderRole(actor: Actor, t: TicketFacts, f: ActorFacts): string | null {
  if (f.onTeam && t.teamId) return t.tier;
  const place = tierPlace(t);
  return place && reaches(actor, [HEAD_OF[t.tier as TicketTier]], place) ? HEAD_OF[t.tier as TicketTier] : null;
}

/** The role in which she dispatches this ticket (community staff of its community, township staff of its township), or null; she acts as dispatcher only while the ticket's tier is at or below her level. */
export function dispatcherRole(actor: Actor, t: TicketFacts): Role | null {
  if (t.communityCode && reaches(actor, ['community_staff'], t.communityCode)) return 'community_staff';
  if (reaches(actor, ['township_staff'], t.townshipCode)) return 'township_staff';
  return null;
}

/** Her highest overseeing role above the current tier that reaches the ticket, or null. `minLevel` leaves out lower roles. */
export function overseerRole(actor: Actor, t: TicketFacts, minLevel = 0): Role | null {
  let best: Role | null = null;
  for (const g of actor.grants) {
    const level = ROLE_LEVEL[g.role];
    if (!level || level < minLevel || level <= TIER_LEVEL[t.tier as TicketTier]) continue;
    if (!g.reach.some((prefix) => t.placeCode.startsWith(prefix))) continue;
    if (!best || level > ROLE_LEVEL[best]!) best = g.role;
  }
  return best;
}

/** True if she is a grid worker of the ticket's grid. */
export function isGridWorkerOf(actor: Actor, gridCode: string | null): boolean {
  return !!gridCode && actor.grants.some((g) => g.role === 'grid_worker' && g.scopeKind === 'grid' && g.scopeCode === gridCode);
}

/**
 * Every action her roles allow on this ticket, whatever its state, with the role she would act in
 * (recorded on the event). The service intersects it with the state's allowed actions.
 */
export function permittedActions(actor: Actor, t: TicketFacts, f: ActorFacts): Map<TicketAction, string> {
  const out = new Map<TicketAction, string>();
  const give = (role: string | null, ...actions: TicketAction[]) => {
    if (role) for (const a of actions) if (!out.has(a)) out.set(a, role);
  };
  const isReporter = !!t.reporterUserId && t.reporterUserId === actor.userId;
  const responder = responderRole(actor, t, f);
  const dispatcher = dispatcherRole(actor, t);
  const dispatches = !!dispatcher && TIER_LEVEL[t.tier as TicketTier] <= ROLE_LEVEL[dispatcher]!;
  give(responder, 'accept', 'return', 'report_back', 'request_extension', 'escalate');
  // Staff responding at their own tier may also shelve what cannot be solved there.
  if (responder && TIER_LEVEL[t.tier as TicketTier] >= TIER_LEVEL.community) give(responder, 'shelve', 'unshelve');
  // A dispatcher's powers end where the ticket has gone above her level (the township's tickets are the township's).
  if (dispatches) give(dispatcher, 'dispatch', 'cancel', 'merge', 'shelve', 'unshelve');
  give(overseerRole(actor, t), 'supervise');
  const approver = overseerRole(actor, t, ROLE_LEVEL.community_staff);
  give(approver, 'approve_extension', 'reject_extension', 'escalate');
  if (isGridWorkerOf(actor, t.gridCode)) give('grid_worker', 'verify_pass', 'verify_fail');
  if (isReporter) give('reporter', 'verify_pass', 'verify_fail', 'reopen', 'rate');
  // Without a grid, the dispatcher verifies; for a reporter without an account she records the reopening and the rating (回访).
  if (!t.gridCode) give(dispatcher, 'verify_pass', 'verify_fail');
  if (!t.reporterUserId) give(dispatcher, 'reopen', 'rate');
  return out;
}

/** Roles that read tickets at or under their node. */
const READER_ROLES: Role[] = ['unit_head', 'building_head', 'grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];

/** Whether she may read the ticket (see the file comment). */
export function canReadTicket(actor: Actor, t: TicketFacts, f: ActorFacts): boolean {
  const isReporter = !!t.reporterUserId && t.reporterUserId === actor.userId;
  if (isReporter || f.actedBefore || permittedActions(actor, t, f).size > 0) return true;
  if (t.confidential) return false;
  return f.following || reaches(actor, READER_ROLES, t.placeCode) || isGridWorkerOf(actor, t.gridCode);
}

/** What awaits her, by role (the workbench queue): the same rules as permittedActions, as place prefixes for SQL. */
export function queueScopeOf(actor: Actor, teamIds: string[]): QueueScope {
  const reachOf = (roles: Role[]) => [...new Set(actor.grants.filter((g) => roles.includes(g.role)).flatMap((g) => g.reach))];
  const approve: QueueScope['approve'] = [];
  for (const g of actor.grants) {
    const level = ROLE_LEVEL[g.role];
    if (!level || level < ROLE_LEVEL.community_staff!) continue;
    approve.push({ tiers: TIERS.filter((t) => TIER_LEVEL[t] < level), prefixes: g.reach });
  }
  return {
    teamIds,
    respondAt: TIERS.map((tier) => ({ tier, prefixes: reachOf([HEAD_OF[tier]]) })).filter((r) => r.prefixes.length > 0),
    dispatchCommunities: reachOf(['community_staff']),
    dispatchTownships: reachOf(['township_staff']),
    gridCodes: actor.grants.filter((g) => g.role === 'grid_worker' && g.scopeKind === 'grid').map((g) => g.scopeCode),
    approve,
  };
}
