/**
 * The ticket's state machine: which action is allowed in which status, and where it leads. Pure:
 * services check `allowedActions` before writing, and answer 409 naming the allowed ones otherwise.
 */
import type { TicketAction, TicketStatus, TicketTier } from '../../../../contracts/tickets.js';
import { TIERS } from '../../../../contracts/tickets.js';

const OPEN: TicketStatus[] = ['registered', 'dispatched', 'in_progress', 'reported', 'shelved'];

/** From which statuses each action may be taken. */
export const ACTION_FROM: Record<TicketAction, readonly TicketStatus[]> = {
  dispatch: ['registered'],
  accept: ['dispatched'],
  return: ['dispatched', 'in_progress'],
  request_extension: ['in_progress'],
  approve_extension: ['in_progress'],
  reject_extension: ['in_progress'],
  escalate: ['dispatched', 'in_progress'],
  supervise: OPEN,
  report_back: ['in_progress'],
  verify_pass: ['reported'],
  verify_fail: ['reported'],
  reopen: ['closed'],
  rate: ['closed'],
  shelve: ['dispatched', 'in_progress'],
  unshelve: ['shelved'],
  cancel: ['registered', 'dispatched'],
  merge: ['registered', 'dispatched', 'in_progress'],
};

/** The status an action leads to (null: unchanged). */
export const ACTION_TO: Record<TicketAction, TicketStatus | null> = {
  dispatch: 'dispatched',
  accept: 'in_progress',
  return: 'registered',
  request_extension: null,
  approve_extension: null,
  reject_extension: null,
  escalate: 'dispatched',
  supervise: null,
  report_back: 'reported',
  verify_pass: 'closed',
  verify_fail: 'in_progress',
  reopen: 'dispatched',
  rate: null,
  shelve: 'shelved',
  unshelve: 'dispatched',
  cancel: 'cancelled',
  merge: 'merged',
};

export interface LifecycleState {
  status: TicketStatus;
  extensionPending: boolean;
  rating: string | null;
  closedAt: Date | null;
  tier: TicketTier;
}

/** Days after closing during which the reporter may reopen. */
export const REOPEN_DAYS = 7;

/** The actions the state allows (before asking who may take them). */
export function allowedActions(s: LifecycleState, now = new Date()): TicketAction[] {
  return (Object.keys(ACTION_FROM) as TicketAction[]).filter((a) => {
    if (!ACTION_FROM[a].includes(s.status)) return false;
    if (a === 'request_extension') return !s.extensionPending;
    if (a === 'approve_extension' || a === 'reject_extension') return s.extensionPending;
    if (a === 'rate') return s.rating === null;
    if (a === 'reopen') return !!s.closedAt && now.getTime() - s.closedAt.getTime() <= REOPEN_DAYS * 86_400_000;
    if (a === 'escalate') return s.tier !== 'department';
    return true;
  });
}

/** The tier above, or null at the top. */
export function nextTier(tier: TicketTier): TicketTier | null {
  return TIERS[TIERS.indexOf(tier) + 1] ?? null;
}
