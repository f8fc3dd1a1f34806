/**
 * Tells people about tickets, from inside the transaction that changes them: the reporter and the
 * followers on every change of state (inbox; a text message to a caller who has no account), the
 * responders when a ticket reaches them (new, dispatched, escalated, sent back), and every open page
 * through the bus.
 *
 * The inbox and the bus are one statement per write, whatever its size (a new ticket, an action, a
 * creates batch, an escalation sweep's batch of 500), given to the ticket writer as a statement hook:
 * it finds the followers and the responders of all the tickets, inserts the inbox rows and sends the
 * bus messages, so a batch of creates sends it in the round trip that stores the tickets. Texting a
 * caller is a hook of its own, run in the transaction, for the tickets of callers without an account.
 */
import type { Db } from '../../platform/db.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { BUS_CHANNEL } from '../../platform/bus.js';
import { ACTION_TO } from '../tickets/ticket-lifecycle.js';
import { onTicketChanges, onTicketChangesStatement, type TicketChange, type TicketRow } from '../tickets/tickets.service.js';
import { STATUS_LABEL, TIER_LABEL, type TicketAction, type TicketStatus, type TicketTier } from '../../../../contracts/tickets.js';
import { textPhone } from './notifications.service.js';
import * as repo from './notifications.repository.js';

/** Events that put a ticket in front of (new) responders. */
const REACHES_RESPONDERS = new Set(['register', 'dispatch', 'escalate', 'return', 'reopen', 'verify_fail', 'unshelve']);

let cipher: PersonalDataCipher | null = null;
let installed = false;

/** Registers the hooks once per process; the cipher decrypts callers' phones for text messages. */
export function installTicketNotifications(personalData: PersonalDataCipher) {
  cipher = personalData;
  if (installed) return;
  installed = true;
  onTicketChangesStatement(tellAboutTickets);
  onTicketChanges(textCallers, (c) => isCallerWithoutAccount(c.ticket) && changedState(c));
}

/** Who acts on a ticket at its tier now: its team's members, or the staff of its community, township or county. */
function responderKeyOf(t: TicketRow): repo.ResponderKey | null {
  if (t.teamId) return { teamId: t.teamId };
  if (t.tier === 'community' && t.communityCode) return { role: 'community_staff', scopeCode: t.communityCode };
  if (t.tier === 'township') return { role: 'township_staff', scopeCode: t.townshipCode };
  if (t.tier === 'department') return { role: 'county_staff', scopeCode: t.countyCode };
  return null;
}

const changedState = ({ events }: TicketChange) => events.some((e) => e.type === 'register' || ACTION_TO[e.type as TicketAction] !== null);
const isCallerWithoutAccount = (t: TicketRow) => !t.reporterUserId && !!t.reporterPhoneEnc;
const statusOf = (t: TicketRow) => STATUS_LABEL[t.status as TicketStatus] ?? t.status;

/** The inbox rows and bus messages for the tickets a write changed, as one statement. */
export function tellAboutTickets(changes: TicketChange[]) {
  const tellings = changes.map((c): repo.TicketTelling => {
    const { ticket: t, events } = c;
    const reached = events.some((e) => REACHES_RESPONDERS.has(e.type)) && !['closed', 'cancelled', 'merged', 'shelved'].includes(t.status);
    const responders = reached ? responderKeyOf(t) : null;
    const status = statusOf(t);
    const where = TIER_LABEL[t.tier as TicketTier] ?? t.tier;
    const escalated = events.some((e) => e.type === 'escalate');
    return {
      ticketId: t.id,
      reporterUserId: t.reporterUserId,
      followers: !c.created,
      status: changedState(c) ? { kind: 'ticket.status', title: `诉求「${t.title}」${status}`, body: `工单 ${t.number} 现由${where}办理，状态：${status}` } : null,
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
        at: new Date().toISOString(),
      },
    };
  });
  return repo.tellAboutTicketsSql(BUS_CHANNEL, tellings);
}

/** A text message to each caller without an account whose ticket changed state. */
async function textCallers(tx: Db, changes: TicketChange[]) {
  if (!cipher) return;
  for (const { ticket: t } of changes) await textPhone(tx, cipher.decrypt(t.reporterPhoneEnc!), `【邻里】您反映的「${t.title}」（工单 ${t.number}）${statusOf(t)}。`);
}
