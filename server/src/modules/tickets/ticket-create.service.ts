/**
 * Registering tickets (登记): from a resident's phone, a grid worker's patrol, a phone call staff
 * enter, a device alert, or a referral from above; where each belongs and the first dispatch.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { reaches } from '../../platform/access.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { maskMobile, normaliseMobile } from '../../../../contracts/validation.js';
import type { CreateTicketBody, TicketCategory, TicketDetail, TicketTier, Urgency } from '../../../../contracts/tickets.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { activeCategory, FALLBACK_CATEGORY, suggestCategories, tokensOf } from './ticket-categories.service.js';
import { loadWorkCalendar } from './ticket-calendar.js';
import { appendTicketEvents } from './ticket-events.js';
import { shanghaiDay } from './ticket-clock.js';
import { attachPhotos } from './ticket-photos.service.js';
import type { RegisterData, TicketEventRecord, TicketRow } from './ticket-projection.js';
import { dispatcherTier, locatePin, locatePlace, overallDeadline, routeFrom, tierDeadline, type TicketLocation } from './ticket-routing.js';
import { isGridWorkerOf, ticketsPolicy } from './tickets.policy.js';
import { getTicket, SYSTEM, type TicketDeps } from './tickets.service.js';
import * as repo from './tickets.repository.js';

/** Who reported, as stored on the ticket. */
interface Reporter {
  userId: string | null;
  residentId: string | null;
  name: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
}

/** A fully decided new ticket: what registerTicket writes. */
interface NewTicket {
  channel: CreateTicketBody['channel'];
  title: string;
  description: string;
  category: TicketCategory;
  urgency: Urgency;
  confidential: boolean;
  reporter: Reporter;
  location: TicketLocation;
  /** Dispatch at once, from this tier up (skipping tiers without a team); null leaves it registered for the dispatcher. */
  dispatchFrom: TicketTier | null;
  by: { userId: string | null; name: string; role: string };
  /** The entering person follows what she entered on someone's behalf. */
  followerUserId: string | null;
  extra?: Record<string, unknown>;
  /** The reporter's uploaded photos, attached with the registration. */
  photoIds?: string[];
}

function textOf(input: { title?: string; description: string }) {
  const description = input.description.trim();
  if (!description) throw errors.field('description', 'must not be blank');
  const title = input.title?.trim() || description.replace(/\s+/g, ' ').slice(0, 30);
  return { title, description };
}

/** Writes a new ticket: the register event, the dispatch event when it goes out at once, and the row they fold into. */
async function registerTicket(db: Db, n: NewTicket): Promise<TicketRow> {
  const calendar = await loadWorkCalendar(db);
  const now = new Date();
  const day = shanghaiDay(now).replaceAll('-', '');
  const number = `${day}${String(await repo.nextTicketNumber(db, day)).padStart(6, '0')}`;
  const id = randomUUID();
  const loc = n.location;
  const register: RegisterData = {
    number,
    title: n.title,
    description: n.description,
    categoryCode: n.category.code,
    urgency: n.urgency,
    channel: n.channel,
    confidential: n.confidential,
    reporterUserId: n.reporter.userId,
    reporterResidentId: n.reporter.residentId,
    reporterName: n.reporter.name,
    reporterPhoneEnc: n.reporter.phoneEnc,
    reporterPhoneMasked: n.reporter.phoneMasked,
    placeCode: loc.placeCode,
    compoundCode: loc.compoundCode,
    communityCode: loc.communityCode,
    townshipCode: loc.townshipCode,
    countyCode: loc.countyCode,
    gridCode: loc.gridCode,
    lat: loc.lat,
    lng: loc.lng,
    tier: dispatcherTier(loc),
    deadlineAt: overallDeadline(now, n.category, n.urgency, calendar).toISOString(),
    searchText: tokensOf(`${n.title} ${n.description}`).join(' '),
  };
  const base = { ticketId: id, at: now, countyCode: loc.countyCode, public: true };
  const events: TicketEventRecord[] = [
    { ...base, seq: 1, type: 'register', actorUserId: n.by.userId, actorName: n.by.name, actorRole: n.by.role, note: null, data: { ...register, how: loc.how, ...n.extra } },
  ];
  if (n.dispatchFrom) {
    const target = await routeFrom(db, loc, n.dispatchFrom, n.category.department);
    const due = tierDeadline(now, n.category, n.urgency, target.tier, calendar);
    events.push({ ...base, seq: 2, type: 'dispatch', actorUserId: null, actorName: SYSTEM.name, actorRole: SYSTEM.role, note: null, data: { ...target, tierDeadlineAt: due?.toISOString() ?? null, requestedTier: n.dispatchFrom } });
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await appendTicketEvents(tx, null, events);
    if (n.photoIds?.length) {
      if (!n.by.userId) throw errors.field('photoIds', 'photos need a signed-in uploader');
      await attachPhotos(tx, n.by.userId, id, loc.countyCode, 1, n.photoIds);
    }
    if (n.followerUserId) await repo.addFollower(tx, id, n.followerUserId, loc.countyCode);
  });
  return (await repo.findTicket(db, id))!;
}

/** The category a new ticket gets: the one given (active), else the best suggestion, else 其他. */
async function chooseCategory(db: Db, code: string | undefined, text: string): Promise<TicketCategory> {
  if (code) return activeCategory(db, code);
  const [best] = (await suggestCategories(db, text, 1)).suggestions;
  return activeCategory(db, best?.code ?? FALLBACK_CATEGORY);
}

function callerOf(cipher: PersonalDataCipher, caller: { name: string; phone: string }): Reporter {
  const phone = normaliseMobile(caller.phone);
  if (!phone) throw errors.field('caller.phone', '不是有效的手机号 (not a mainland mobile number)');
  const name = caller.name.trim();
  if (!name) throw errors.field('caller.name', 'must not be blank');
  return { userId: null, residentId: null, name, phoneEnc: cipher.encrypt(phone), phoneMasked: maskMobile(phone) };
}

/** The township of the first of her grants (of these roles) that is at or below a township: where a pin near nothing goes. */
function townshipOfScope(actor: Actor, roles: string[]): string | null {
  const g = actor.grants.find((x) => roles.includes(x.role) && x.scopeCode.length >= 9);
  return g ? g.scopeCode.slice(0, 9) : null;
}

/**
 * Registers a ticket from a channel: a resident on her phone (her household or a pin), a grid
 * worker's patrol (in her grid; on someone's behalf or her own), staff entering a phone call,
 * a device alert entered by staff, or a referral from the township, county or city down to a
 * community or below. The category is suggested from the text when not given; the ticket goes to
 * the tier team of its place at once, except 其他 which waits for the dispatcher.
 */
export async function createTicket(deps: TicketDeps, actor: Actor, input: CreateTicketBody, req?: FastifyRequest): Promise<TicketDetail> {
  const { db, cipher } = deps;
  const { title, description } = textOf(input);
  if (input.placeCode && input.pin) throw errors.field('pin', 'give the place or a pin, not both');
  const has = (role: string) => actor.grants.some((g) => g.role === role);
  let location: TicketLocation;
  let reporter: Reporter;
  let role: string;
  let followerUserId: string | null = null;
  const extra: Record<string, unknown> = {};
  let dispatchFrom: TicketTier | undefined;
  const forbid = (field: string, why: string) => errors.validation(`${field}: ${why}`, [{ field, message: why }]);
  const refuseFields = (...fields: Array<keyof CreateTicketBody>) => {
    for (const f of fields) if (input[f] !== undefined) throw forbid(f, `not used for a ${input.channel} ticket`);
  };

  switch (input.channel) {
    case 'resident': {
      if (!has('resident')) throw errors.forbidden('ticket.create.resident');
      refuseFields('caller', 'tier', 'deviceId', 'sourceRef');
      const households = actor.grants.filter((g) => g.role === 'resident').map((g) => g.scopeCode);
      if (input.placeCode) {
        if (!households.includes(input.placeCode)) throw errors.forbidden('ticket.create.resident: a resident reports for her own household');
        location = await locatePlace(db, input.placeCode);
      } else if (input.pin) location = await locatePin(db, input.pin, households[0]?.slice(0, 9) ?? null);
      else {
        if (!households.length) throw errors.field('placeCode', 'give the place or a pin');
        location = await locatePlace(db, households[0]);
      }
      const me = actor.residentId ? await findResidentRecord(db, actor.residentId) : undefined;
      reporter = { userId: actor.userId, residentId: actor.residentId, name: me?.name ?? actor.displayName, phoneEnc: me?.mobileEnc ?? null, phoneMasked: me?.mobileMasked ?? null };
      role = 'resident';
      break;
    }
    case 'patrol': {
      if (!has('grid_worker')) throw errors.forbidden('ticket.create.patrol');
      refuseFields('tier', 'deviceId', 'sourceRef');
      if (input.placeCode) {
        if (!ticketsPolicy.can(actor, 'ticket.create.patrol', { placeCode: input.placeCode })) throw errors.forbidden('ticket.create.patrol: a grid worker reports in her own grid');
        location = await locatePlace(db, input.placeCode);
      } else if (input.pin) {
        location = await locatePin(db, input.pin, townshipOfScope(actor, ['grid_worker']));
        const communities = actor.grants.filter((g) => g.role === 'grid_worker').map((g) => g.scopeCode.slice(0, 12));
        if (!isGridWorkerOf(actor, location.gridCode) && !(location.communityCode && communities.includes(location.communityCode))) {
          throw errors.forbidden('ticket.create.patrol: the pin is outside her grid');
        }
      } else throw errors.field('placeCode', 'give the place or a pin');
      if (input.caller) {
        reporter = callerOf(cipher, input.caller);
        followerUserId = actor.userId;
      } else reporter = { userId: actor.userId, residentId: actor.residentId, name: actor.displayName, phoneEnc: null, phoneMasked: null };
      role = 'grid_worker';
      break;
    }
    case 'phone': {
      refuseFields('deviceId', 'sourceRef');
      if (!input.caller) throw errors.field('caller', 'a phone entry needs the caller (name and phone)');
      if (!ticketsPolicy.scopeOf(actor, 'ticket.create.phone').length) throw errors.forbidden('ticket.create.phone');
      if (input.placeCode) location = await locatePlace(db, input.placeCode);
      else if (input.pin) location = await locatePin(db, input.pin, townshipOfScope(actor, ['community_staff', 'township_staff']));
      else throw errors.field('placeCode', 'give the place or a pin');
      ticketsPolicy.authorize(actor, 'ticket.create.phone', location);
      reporter = callerOf(cipher, input.caller);
      followerUserId = actor.userId;
      role = reaches(actor, ['community_staff'], location.placeCode) ? 'community_staff' : 'township_staff';
      dispatchFrom = input.tier;
      break;
    }
    case 'referral': {
      refuseFields('pin', 'deviceId');
      if (!input.placeCode) throw errors.field('placeCode', 'a referral names the community or place it goes to');
      if (input.placeCode.length < 12) throw errors.field('placeCode', 'a referral goes down to a community or below');
      location = await locatePlace(db, input.placeCode);
      ticketsPolicy.authorize(actor, 'ticket.create.referral', location);
      reporter = input.caller ? callerOf(cipher, input.caller) : { userId: null, residentId: null, name: null, phoneEnc: null, phoneMasked: null };
      followerUserId = actor.userId;
      role = (['city_admin', 'county_staff', 'township_staff'] as const).find((r) => reaches(actor, [r], location.placeCode))!;
      dispatchFrom = input.tier;
      if (input.sourceRef) extra.sourceRef = input.sourceRef;
      break;
    }
    case 'device': {
      refuseFields('pin', 'caller', 'tier', 'sourceRef');
      if (!input.deviceId) throw errors.field('deviceId', 'a device alert names its device');
      if (!input.placeCode || (input.placeCode.length !== 15 && input.placeCode.length !== 18)) throw errors.field('placeCode', 'a device alert names the compound or building of the device');
      location = await locatePlace(db, input.placeCode);
      ticketsPolicy.authorize(actor, 'ticket.create.device', location);
      reporter = { userId: null, residentId: null, name: `设备 ${input.deviceId}`, phoneEnc: null, phoneMasked: null };
      followerUserId = actor.userId;
      role = (['property_staff', 'community_staff', 'township_staff', 'county_staff', 'city_admin'] as const).find((r) => reaches(actor, [r], location.placeCode))!;
      extra.deviceId = input.deviceId;
      break;
    }
  }
  const category = await chooseCategory(db, input.categoryCode, `${title} ${description}`);
  const row = await registerTicket(db, {
    channel: input.channel,
    title,
    description,
    category,
    urgency: input.urgency ?? 'general',
    confidential: category.confidentialByDefault || input.confidential === true,
    reporter,
    location,
    dispatchFrom: dispatchFrom ?? (category.code === FALLBACK_CATEGORY ? null : category.firstTier),
    by: { userId: actor.userId, name: actor.displayName, role },
    followerUserId,
    extra,
    photoIds: input.photoIds,
  });
  await recordAudit(db, { actorId: actor.userId, action: 'ticket.create', targetKind: 'ticket', targetId: row.id, detail: { channel: input.channel, number: row.number } }, req);
  return getTicket(db, actor, row.id);
}

export interface DeviceAlert {
  compoundCode?: string;
  buildingCode?: string;
  categoryCode: string;
  title: string;
  description: string;
  urgency?: Urgency;
  deviceId: string;
  /** The smart-property alert that opened it (the ticket and the alert point at each other). */
  alertId?: string;
}

/** A device alert from the smart-property module (no signed-in actor): a ticket on the device's compound or building, dispatched at once. */
export async function registerDeviceAlert(db: Db, alert: DeviceAlert): Promise<TicketRow> {
  const code = alert.buildingCode ?? alert.compoundCode;
  if (!code || (code.length !== 15 && code.length !== 18)) throw errors.field(alert.buildingCode ? 'buildingCode' : 'compoundCode', 'a device alert names its compound (15 digits) or building (18 digits)');
  const { title, description } = textOf(alert);
  const category = await activeCategory(db, alert.categoryCode);
  return registerTicket(db, {
    channel: 'device',
    title,
    description,
    category,
    urgency: alert.urgency ?? 'urgent',
    confidential: category.confidentialByDefault,
    reporter: { userId: null, residentId: null, name: `设备 ${alert.deviceId}`, phoneEnc: null, phoneMasked: null },
    location: await locatePlace(db, code, alert.buildingCode ? 'buildingCode' : 'compoundCode'),
    dispatchFrom: category.firstTier,
    by: SYSTEM,
    followerUserId: null,
    extra: { deviceId: alert.deviceId, ...(alert.alertId ? { alertId: alert.alertId } : {}) },
  });
}

/** A request from another system (Open311: a city 12345 hotline, an app). */
export interface ExternalRequest {
  categoryCode: string;
  title?: string;
  description: string;
  urgency?: Urgency;
  location: TicketLocation;
  /** The person who reported it, when the system passes her on (phone stored encrypted, shown masked). */
  caller: { name: string | null; phone: string | null } | null;
  /** Who sent it, as the timeline shows: e.g. "开放接口 12345热线". */
  source: string;
  extra?: Record<string, unknown>;
}

/** Registers a request from another system (no signed-in actor) as a referral, dispatched at once from its category's first tier. */
export async function registerExternalRequest(deps: TicketDeps, r: ExternalRequest): Promise<TicketRow> {
  const { title, description } = textOf(r);
  const category = await activeCategory(deps.db, r.categoryCode, 'service_code');
  let phone: string | null = null;
  if (r.caller?.phone) {
    phone = normaliseMobile(r.caller.phone);
    if (!phone) throw errors.field('phone', '不是有效的手机号 (not a mainland mobile number)');
  }
  return registerTicket(deps.db, {
    channel: 'referral',
    title,
    description,
    category,
    urgency: r.urgency ?? 'general',
    confidential: category.confidentialByDefault,
    reporter: { userId: null, residentId: null, name: r.caller?.name?.trim() || null, phoneEnc: phone ? deps.cipher.encrypt(phone) : null, phoneMasked: phone ? maskMobile(phone) : null },
    location: r.location,
    dispatchFrom: category.code === FALLBACK_CATEGORY ? null : category.firstTier,
    by: { userId: null, name: r.source, role: 'open311' },
    followerUserId: null,
    extra: r.extra,
  });
}
