/**
 * The ticket loop's words as the web uses them: the lists of contracts/tickets.ts repeated here as plain
 * values (contracts are imported as types only, to keep typebox out of the bundle), and who sees which page.
 */
import type { Channel, Rating, TicketAction, TicketStatus, TicketTier, Urgency } from '../../../../contracts/tickets';
import type { Role } from '../../../../contracts/roles';

export const STATUSES: readonly TicketStatus[] = ['registered', 'dispatched', 'in_progress', 'reported', 'closed', 'shelved', 'cancelled', 'merged'];
export const OPEN_STATUSES: readonly TicketStatus[] = ['registered', 'dispatched', 'in_progress', 'reported', 'shelved'];
export const TIERS: readonly TicketTier[] = ['unit_team', 'building_team', 'compound_team', 'community', 'township', 'department'];
export const URGENCIES: readonly Urgency[] = ['emergency', 'urgent', 'general', 'complex'];
export const RATINGS: readonly Rating[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];
export const CHANNELS: readonly Channel[] = ['resident', 'patrol', 'phone', 'device', 'referral'];
export const ACTIONS: readonly TicketAction[] = [
  'accept',
  'report_back',
  'verify_pass',
  'verify_fail',
  'rate',
  'reopen',
  'dispatch',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'return',
  'escalate',
  'supervise',
  'shelve',
  'unshelve',
  'merge',
  'cancel',
];

/** antd tag colours by status. */
export const STATUS_COLOUR: Record<TicketStatus, string> = {
  registered: 'orange',
  dispatched: 'blue',
  in_progress: 'processing',
  reported: 'purple',
  closed: 'success',
  shelved: 'default',
  cancelled: 'default',
  merged: 'default',
};

export const URGENCY_COLOUR: Record<Urgency, string> = { emergency: 'red', urgent: 'volcano', general: 'default', complex: 'geekblue' };

/** Actions that move a ticket along (a primary button), the rest are secondary; danger ones are red. */
export const PRIMARY_ACTIONS: ReadonlySet<TicketAction> = new Set(['accept', 'report_back', 'verify_pass', 'rate', 'dispatch', 'approve_extension', 'unshelve']);
export const DANGER_ACTIONS: ReadonlySet<TicketAction> = new Set(['cancel', 'verify_fail', 'return', 'reject_extension']);

/** Roles as the server's policies name them (the API still decides). */
export const PATROL_ROLES: readonly Role[] = ['grid_worker'];
export const PHONE_ROLES: readonly Role[] = ['community_staff', 'township_staff'];
export const QUEUE_ROLES: readonly Role[] = [
  'unit_head',
  'building_head',
  'grid_worker',
  'branch_secretary',
  'community_staff',
  'township_staff',
  'county_staff',
  'city_admin',
];
export const OVERSIGHT_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const METRICS_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];

/** Roles that approve extensions one level up. */
export const APPROVER_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];

/**
 * The first actions a queue card offers for a status (the detail page shows exactly what the API
 * allows; a card's guess the API refuses is reported and the queue refreshed).
 */
export function quickActionsFor(status: TicketStatus, extensionPending: boolean, approver: boolean): TicketAction[] {
  switch (status) {
    case 'registered':
      return ['dispatch'];
    case 'dispatched':
      return ['accept', 'return'];
    case 'in_progress':
      if (extensionPending) return approver ? ['approve_extension', 'reject_extension'] : ['report_back', 'return'];
      return ['report_back', 'request_extension', 'return'];
    case 'reported':
      return ['verify_pass', 'verify_fail'];
    case 'shelved':
      return ['unshelve'];
    default:
      return [];
  }
}

/** A UUID for Idempotency-Key; crypto.randomUUID exists only in secure contexts (not plain http on a LAN address). */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
