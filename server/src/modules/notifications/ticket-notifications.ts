/**
 * Tells people about tickets, from inside the transaction that changes them: the reporter and the
 * followers on every change of state (inbox; a text message to a caller who has no account), the
 * responders when a ticket reaches them (new, dispatched, escalated, sent back), and every open page
 * through the bus.
 */
import type { Db } from '../../platform/db.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { announce } from '../../platform/bus.js';
import { ACTION_TO } from '../tickets/ticket-lifecycle.js';
import { followersOf, onTicketEvents, type TicketEventRecord, type TicketRow } from '../tickets/tickets.service.js';
import { teamMemberUserIds } from '../teams/teams.service.js';
import { usersWithRoleOn } from '../identity/identity.service.js';
import { STATUS_LABEL, TIER_LABEL, type TicketAction, type TicketStatus, type TicketTier } from '../../../../contracts/tickets.js';
import { notifyUsers, textPhone } from './notifications.service.js';

/** Events that put a ticket in front of (new) responders. */
const REACHES_RESPONDERS = new Set(['register', 'dispatch', 'escalate', 'return', 'reopen', 'verify_fail', 'unshelve']);

let cipher: PersonalDataCipher | null = null;
let installed = false;

/** Registers the hook once per process; the cipher decrypts callers' phones for text messages. */
export function installTicketNotifications(personalData: PersonalDataCipher) {
  cipher = personalData;
  if (installed) return;
  installed = true;
  onTicketEvents(notifyAboutTicket);
}

/** The accounts that act on the ticket at its tier now. */
async function respondersOf(tx: Db, t: TicketRow): Promise<string[]> {
  if (t.teamId) return teamMemberUserIds(tx, t.teamId);
  if (t.tier === 'community' && t.communityCode) return usersWithRoleOn(tx, 'community_staff', t.communityCode);
  if (t.tier === 'township') return usersWithRoleOn(tx, 'township_staff', t.townshipCode);
  if (t.tier === 'department') return usersWithRoleOn(tx, 'county_staff', t.countyCode);
  return [];
}

export async function notifyAboutTicket(tx: Db, t: TicketRow, events: TicketEventRecord[]) {
  const changedState = events.some((e) => e.type === 'register' || ACTION_TO[e.type as TicketAction] !== null);
  const reached = events.some((e) => REACHES_RESPONDERS.has(e.type)) && !['closed', 'cancelled', 'merged', 'shelved'].includes(t.status);
  const followers = await followersOf(tx, t.id);
  const people = [t.reporterUserId, ...followers].filter((u): u is string => !!u);
  const responders = reached ? await respondersOf(tx, t) : [];
  const status = STATUS_LABEL[t.status as TicketStatus] ?? t.status;
  const where = TIER_LABEL[t.tier as TicketTier] ?? t.tier;
  if (changedState && people.length) {
    await notifyUsers(tx, people, { ticketId: t.id, kind: 'ticket.status', title: `诉求「${t.title}」${status}`, body: `工单 ${t.number} 现由${where}办理，状态：${status}` });
  }
  if (responders.length) {
    const escalated = events.some((e) => e.type === 'escalate');
    await notifyUsers(tx, responders, { ticketId: t.id, kind: escalated ? 'ticket.escalated' : 'ticket.assigned', title: `${escalated ? '升级工单' : '新工单'}「${t.title}」`, body: `工单 ${t.number} 已到${where}，请及时处理` });
  }
  if (changedState && !t.reporterUserId && t.reporterPhoneEnc && cipher) {
    await textPhone(tx, cipher.decrypt(t.reporterPhoneEnc), `【邻里】您反映的「${t.title}」（工单 ${t.number}）${status}。`);
  }
  await announce(tx, {
    type: events.some((e) => e.type === 'register') ? 'ticket.created' : 'ticket.changed',
    ticketId: t.id,
    number: t.number,
    status: t.status,
    placeCode: t.placeCode,
    countyCode: t.countyCode,
    confidential: t.confidential,
    userIds: [...new Set([...people, ...responders])],
  });
}
