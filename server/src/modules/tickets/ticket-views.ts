/** How tickets and their events are shown: summaries for lists, the full ticket, the timeline. Pure. */
import type { Channel, Rating, Ticket, TicketEvent, TicketStatus, TicketSummary, TicketTier, Urgency } from '../../../../contracts/tickets.js';
import type { TicketEventRecord, TicketRow } from './ticket-projection.js';

/** Events staff see but the public timeline (and a reporter who is not staff) does not. */
export const INTERNAL_EVENTS = new Set(['return', 'request_extension', 'approve_extension', 'reject_extension', 'supervise']);

const OPEN = new Set(['registered', 'dispatched', 'in_progress', 'reported', 'shelved']);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Past the tier deadline while at a tier, or past the overall deadline while open. */
export function isOverdue(t: TicketRow, now = new Date()): boolean {
  if ((t.status === 'dispatched' || t.status === 'in_progress') && t.tierDeadlineAt && t.tierDeadlineAt < now) return true;
  return OPEN.has(t.status) && !!t.deadlineAt && t.deadlineAt < now;
}

export function presentSummary(t: TicketRow, now = new Date()): TicketSummary {
  return {
    id: t.id,
    number: t.number,
    title: t.title,
    categoryCode: t.categoryCode,
    urgency: t.urgency as Urgency,
    channel: t.channel as Channel,
    status: t.status as TicketStatus,
    tier: t.tier as TicketTier,
    placeCode: t.placeCode,
    compoundCode: t.compoundCode,
    communityCode: t.communityCode,
    gridCode: t.gridCode,
    confidential: t.confidential,
    supervised: t.supervised,
    extensionPending: t.extensionPending,
    deadlineAt: iso(t.deadlineAt),
    tierDeadlineAt: iso(t.tierDeadlineAt),
    overdue: isOverdue(t, now),
    shelvedUntil: t.shelvedUntil,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export function presentTicket(t: TicketRow, extra: { categoryName: string; placeName: string; teamName: string | null; reporterIsMe: boolean }, now = new Date()): Ticket {
  return {
    ...presentSummary(t, now),
    description: t.description,
    categoryName: extra.categoryName,
    reporterName: t.reporterName,
    reporterPhone: t.reporterPhoneMasked,
    reporterIsMe: extra.reporterIsMe,
    placeName: extra.placeName,
    townshipCode: t.townshipCode,
    countyCode: t.countyCode,
    lat: t.lat,
    lng: t.lng,
    teamId: t.teamId,
    teamName: extra.teamName,
    department: t.department,
    acceptedAt: iso(t.acceptedAt),
    reportedAt: iso(t.reportedAt),
    closedAt: iso(t.closedAt),
    closedOnTime: t.closedOnTime,
    extensions: t.extensions,
    reworks: t.reworks,
    escalations: t.escalations,
    rating: t.rating as Rating | null,
    ratingComment: t.ratingComment,
    mergedInto: t.mergedInto,
    followers: t.followers,
    version: t.version,
  };
}

/** The register event's data carries the reporter's details and the text: the timeline shows only how it came in. */
const REGISTER_SHOWN = ['channel', 'categoryCode', 'urgency', 'placeCode', 'how', 'deviceId', 'sourceRef'];

export function presentEvent(e: TicketEventRecord): TicketEvent {
  const data = e.type === 'register' ? Object.fromEntries(Object.entries(e.data).filter(([k]) => REGISTER_SHOWN.includes(k))) : e.data;
  return { seq: e.seq, type: e.type, actorName: e.actorName, actorRole: e.actorRole, at: e.at.toISOString(), note: e.note, data, public: e.public };
}
