/**
 * Points for tickets: when a ticket is closed (核查通过), every resident on the team that handled it
 * earns the community's points for a closed ticket, once per ticket (a reopened and re-closed ticket
 * earns nothing more). A ticket-events hook, so the award commits with the closing.
 */
import type { Db } from '../../platform/db.js';
import { onTicketEvents, type TicketEventRecord, type TicketRow } from '../tickets/tickets.service.js';
import { teamMemberResidents } from '../teams/teams.service.js';
import { awardPoints, rulesOf } from './points.service.js';

let installed = false;

/** Registers the hook once per process. */
export function installTicketPoints() {
  if (installed) return;
  installed = true;
  onTicketEvents(awardTicketPoints, ({ ticket, events }) => closesForATeam(ticket, events));
}

const closesForATeam = (t: TicketRow, events: TicketEventRecord[]) => !!t.teamId && events.some((e) => e.type === 'verify_pass');

export async function awardTicketPoints(tx: Db, t: TicketRow, events: TicketEventRecord[]) {
  if (!t.teamId || !closesForATeam(t, events)) return;
  const members = await teamMemberResidents(tx, t.teamId);
  if (!members.length) return;
  const community = t.communityCode ?? members[0].householdCode.slice(0, 12);
  const rules = await rulesOf(tx, community);
  for (const m of members) {
    await awardPoints(tx, {
      residentId: m.residentId,
      communityCode: m.householdCode.slice(0, 12),
      delta: rules.perTicketClosed,
      reason: 'ticket_closed',
      note: `工单 ${t.number}「${t.title}」办结`,
      source: `ticket:${t.id}`,
      createdBy: null,
    });
  }
}
