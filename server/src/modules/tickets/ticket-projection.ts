/**
 * The ticket row as a projection of its events. Pure: every decision (tier, team, deadlines) was made
 * when the event was written and is carried in its `data`, so folding the events again gives the
 * same row, field for field. The one exception is `followers`, a count of ticket_followers rows
 * (following is not a change of the ticket); rebuilds take it from that table.
 */
import type { tickets } from './tickets.schema.js';
import { ACTION_TO } from './ticket-lifecycle.js';
import type { Channel, Rating, TicketEventType, TicketStatus, TicketTier, Urgency } from '../../../../contracts/tickets.js';

export type TicketRow = typeof tickets.$inferSelect;

/** An event as the projection sees it (a ticket_events row without its serial id). */
export interface TicketEventRecord {
  ticketId: string;
  seq: number;
  type: TicketEventType;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  at: Date;
  note: string | null;
  data: Record<string, unknown>;
  public: boolean;
  countyCode: string;
}

/** What a 'register' event carries: everything the first row holds. */
export interface RegisterData {
  number: string;
  title: string;
  description: string;
  categoryCode: string;
  urgency: Urgency;
  channel: Channel;
  confidential: boolean;
  reporterUserId: string | null;
  reporterResidentId: string | null;
  reporterName: string | null;
  reporterPhoneEnc: string | null;
  reporterPhoneMasked: string | null;
  placeCode: string;
  compoundCode: string | null;
  communityCode: string | null;
  townshipCode: string;
  countyCode: string;
  gridCode: string | null;
  lat: number | null;
  lng: number | null;
  /** The dispatcher's tier (community, or township without a community) until the ticket is dispatched. */
  tier: TicketTier;
  deadlineAt: string | null;
  searchText: string;
}

/** Where a dispatch, an escalation or a reopening sends the ticket. */
export interface RouteData {
  tier: TicketTier;
  teamId: string | null;
  department: string | null;
  tierDeadlineAt: string | null;
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The row after one more event. `t` is null only for the 'register' event. */
export function applyEvent(t: TicketRow | null, e: TicketEventRecord): TicketRow {
  const d = e.data;
  if (e.type === 'register') {
    if (t) throw new Error(`ticket ${e.ticketId}: register must be the first event (seq ${e.seq})`);
    const r = d as unknown as RegisterData;
    return {
      id: e.ticketId,
      number: r.number,
      title: r.title,
      description: r.description,
      categoryCode: r.categoryCode,
      urgency: r.urgency,
      channel: r.channel,
      status: 'registered',
      confidential: r.confidential,
      reporterUserId: r.reporterUserId,
      reporterResidentId: r.reporterResidentId,
      reporterName: r.reporterName,
      reporterPhoneEnc: r.reporterPhoneEnc,
      reporterPhoneMasked: r.reporterPhoneMasked,
      placeCode: r.placeCode,
      compoundCode: r.compoundCode,
      communityCode: r.communityCode,
      townshipCode: r.townshipCode,
      countyCode: r.countyCode,
      gridCode: r.gridCode,
      lat: r.lat,
      lng: r.lng,
      tier: r.tier,
      teamId: null,
      department: null,
      deadlineAt: date(r.deadlineAt),
      tierDeadlineAt: null,
      acceptedAt: null,
      reportedAt: null,
      closedAt: null,
      closedOnTime: null,
      supervised: false,
      extensionPending: false,
      extensions: 0,
      reworks: 0,
      escalations: 0,
      rating: null,
      ratingComment: null,
      shelvedUntil: null,
      mergedInto: null,
      followers: 0,
      searchText: r.searchText,
      version: e.seq,
      createdAt: e.at,
      updatedAt: e.at,
    };
  }
  if (!t) throw new Error(`ticket ${e.ticketId}: the first event must be register, got ${e.type}`);
  if (e.seq !== t.version + 1) throw new Error(`ticket ${e.ticketId}: event seq ${e.seq} does not follow version ${t.version}`);
  const n: TicketRow = { ...t, version: e.seq, updatedAt: e.at, status: (ACTION_TO[e.type] ?? t.status) as TicketStatus };
  const route = () => {
    const r = d as unknown as RouteData;
    n.tier = r.tier;
    n.teamId = r.teamId;
    n.department = r.department;
    n.tierDeadlineAt = date(r.tierDeadlineAt);
    n.extensionPending = false;
  };
  switch (e.type) {
    case 'dispatch':
      route();
      if (d.categoryCode !== undefined) n.categoryCode = String(d.categoryCode);
      if (d.urgency !== undefined) n.urgency = String(d.urgency);
      if (d.deadlineAt !== undefined) n.deadlineAt = date(d.deadlineAt);
      if (d.confidential !== undefined) n.confidential = Boolean(d.confidential);
      break;
    case 'accept':
      n.acceptedAt = t.acceptedAt ?? e.at;
      break;
    case 'return':
      n.tier = d.tier as TicketTier;
      n.teamId = null;
      n.department = null;
      n.tierDeadlineAt = null;
      n.extensionPending = false;
      break;
    case 'request_extension':
      n.extensionPending = true;
      break;
    case 'approve_extension': {
      const until = date(d.until)!;
      n.extensionPending = false;
      n.extensions = t.extensions + 1;
      n.tierDeadlineAt = until;
      if (!t.deadlineAt || until > t.deadlineAt) n.deadlineAt = until;
      break;
    }
    case 'reject_extension':
      n.extensionPending = false;
      break;
    case 'escalate':
      route();
      n.escalations = t.escalations + 1;
      break;
    case 'supervise':
      n.supervised = true;
      break;
    case 'report_back':
      n.reportedAt = e.at;
      n.tierDeadlineAt = null;
      n.extensionPending = false;
      break;
    case 'verify_pass':
      n.closedAt = e.at;
      n.closedOnTime = !t.deadlineAt || e.at.getTime() <= t.deadlineAt.getTime();
      break;
    case 'verify_fail':
      n.reworks = t.reworks + 1;
      n.tierDeadlineAt = date(d.tierDeadlineAt);
      break;
    case 'reopen':
      route();
      n.closedAt = null;
      n.closedOnTime = null;
      n.rating = null;
      n.ratingComment = null;
      break;
    case 'rate':
      n.rating = d.rating as Rating;
      n.ratingComment = str(d.comment);
      break;
    case 'shelve':
      n.shelvedUntil = String(d.reviewOn);
      n.tierDeadlineAt = null;
      n.extensionPending = false;
      break;
    case 'unshelve':
      route();
      n.shelvedUntil = null;
      break;
    case 'cancel':
      n.tierDeadlineAt = null;
      n.extensionPending = false;
      break;
    case 'merge':
      n.mergedInto = String(d.targetId);
      n.tierDeadlineAt = null;
      n.extensionPending = false;
      break;
  }
  return n;
}

/** Folds a ticket's events, in order, into its row (`followers` as counted). */
export function foldEvents(events: TicketEventRecord[], followers = 0): TicketRow | null {
  let row: TicketRow | null = null;
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) row = applyEvent(row, e);
  return row && { ...row, followers };
}

/** The columns where two rows differ (dates by instant). */
export function diffRows(a: TicketRow, b: TicketRow): string[] {
  const same = (x: unknown, y: unknown) => (x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y);
  return (Object.keys(a) as Array<keyof TicketRow>).filter((k) => !same(a[k], b[k]));
}
