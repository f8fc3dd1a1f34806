/**
 * Tells people about tickets, from inside the transaction that changes them: the reporter and the
 * followers on every change of state (inbox; a text message to a caller who has no account), the
 * responders when a ticket reaches them (new, dispatched, escalated, sent back), and every open page
 * through the bus.
 *
 * One write (a new ticket, an action, an escalation sweep's batch of 500) costs at most two
 * statements: the followers of the tickets that may have some, and one that finds the responders of
 * all their teams and tiers, inserts the inbox rows and sends the bus messages.
 */
import type { Db } from '../../platform/db.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { BUS_CHANNEL } from '../../platform/bus.js';
import { ACTION_TO } from '../tickets/ticket-lifecycle.js';
import { onTicketChanges, type TicketChange, type TicketEventRecord, type TicketRow } from '../tickets/tickets.service.js';
import { STATUS_LABEL, TIER_LABEL, type TicketAction, type TicketStatus, type TicketTier } from '../../../../contracts/tickets.js';
import { textPhone } from './notifications.service.js';
import * as repo from './notifications.repository.js';

/** Events that put a ticket in front of (new) responders. */
const REACHES_RESPONDERS = new Set(['register', 'dispatch', 'escalate', 'return', 'reopen', 'verify_fail', 'unshelve']);

let cipher: PersonalDataCipher | null = null;
let installed = false;

/** Registers the hook once per process; the cipher decrypts callers' phones for text messages. */
export function installTicketNotifications(personalData: PersonalDataCipher) {
  cipher = personalData;
  if (installed) return;
  installed = true;
  onTicketChanges(notifyAboutTickets);
}

/** Who acts on a ticket at its tier now: its team's members, or the staff of its community, township or county. */
function responderKeyOf(t: TicketRow): repo.ResponderKey | null {
  if (t.teamId) return { teamId: t.teamId };
  if (t.tier === 'community' && t.communityCode) return { role: 'community_staff', scopeCode: t.communityCode };
  if (t.tier === 'township') return { role: 'township_staff', scopeCode: t.townshipCode };
  if (t.tier === 'department') return { role: 'county_staff', scopeCode: t.countyCode };
  return null;
}

/** The inbox rows, text messages and bus messages for the tickets a write changed: the followers' look-up (if any ticket had time to get followers) and one statement. */
export async function notifyAboutTickets(tx: Db, changes: TicketChange[]) {
  // A ticket written just now has no followers yet.
  const followers = await repo.findFollowersOf(
    tx,
    changes.filter((c) => !c.created).map((c) => c.ticket.id),
  );
  const tellings: repo.TicketTelling[] = [];
  for (const { ticket: t, events } of changes) {
    const changedState = events.some((e) => e.type === 'register' || ACTION_TO[e.type as TicketAction] !== null);
    const reached = events.some((e) => REACHES_RESPONDERS.has(e.type)) && !['closed', 'cancelled', 'merged', 'shelved'].includes(t.status);
    const responders = reached ? responderKeyOf(t) : null;
    const people = [...new Set([t.reporterUserId, ...(followers.get(t.id) ?? [])].filter((u): u is string => !!u))];
    const status = STATUS_LABEL[t.status as TicketStatus] ?? t.status;
    const where = TIER_LABEL[t.tier as TicketTier] ?? t.tier;
    const escalated = events.some((e) => e.type === 'escalate');
    if (changedState && !t.reporterUserId && t.reporterPhoneEnc && cipher) {
      await textPhone(tx, cipher.decrypt(t.reporterPhoneEnc), `【邻里】您反映的「${t.title}」（工单 ${t.number}）${status}。`);
    }
    tellings.push({
      ticketId: t.id,
      rows: changedState ? people.map((userId) => ({ userId, kind: 'ticket.status', title: `诉求「${t.title}」${status}`, body: `工单 ${t.number} 现由${where}办理，状态：${status}` })) : [],
      responders,
      responderMessage: responders
        ? { kind: escalated ? 'ticket.escalated' : 'ticket.assigned', title: `${escalated ? '升级工单' : '新工单'}「${t.title}」`, body: `工单 ${t.number} 已到${where}，请及时处理` }
        : null,
      bus: {
        type: events.some((e) => e.type === 'register') ? 'ticket.created' : 'ticket.changed',
        ticketId: t.id,
        number: t.number,
        title: t.title,
        status: t.status,
        placeCode: t.placeCode,
        countyCode: t.countyCode,
        confidential: t.confidential,
        userIds: people,
        at: new Date().toISOString(),
      },
    });
  }
  await repo.tellAboutTickets(tx, BUS_CHANNEL, tellings);
}

/** The same for one ticket (kept for callers that write one). */
export function notifyAboutTicket(tx: Db, t: TicketRow, events: TicketEventRecord[]) {
  return notifyAboutTickets(tx, [{ ticket: t, events, created: events.some((e) => e.type === 'register') }]);
}
