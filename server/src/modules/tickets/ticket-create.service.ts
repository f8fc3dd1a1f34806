/**
 * Registering tickets (登记): from a resident's phone, a grid worker's patrol, a phone call staff
 * enter, a device alert, or a referral from above; where each belongs and the first dispatch.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { isTransaction, runScript, type Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { reaches } from '../../platform/access.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { errors } from '../../platform/errors.js';
import { auditInsert, auditInsertManySql, type AuditEntry } from '../../platform/audit.js';
import { batcher, type Batcher } from '../../platform/batching.js';
import { idempotentWrite, storeAnswersSql, type IdempotencyScope, type Stored } from '../../platform/idempotency.js';
import { maskMobile, normaliseMobile } from '../../../../contracts/validation.js';
import type { CreateTicketBody, TicketCategory, TicketDetail, TicketTier, Urgency } from '../../../../contracts/tickets.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { addressOf } from '../places/places.service.js';
import { activeCategory, FALLBACK_CATEGORY, suggestCategories, tokensOf } from './ticket-categories.service.js';
import { loadWorkCalendar } from './ticket-calendar.js';
import { insertNewTickets, newTicketsScript } from './ticket-events.js';
import { shanghaiDay, type WorkCalendar } from './ticket-clock.js';
import { attachPhotos, photosOfTicket } from './ticket-photos.service.js';
import { applyEvent, type RegisterData, type TicketEventRecord, type TicketRow } from './ticket-projection.js';
import { dispatcherTier, findTeamsAt, locatePin, locatePlace, locatePlaceWithAddress, overallDeadline, type PlaceLookup, routeWithTeams, teamSlotsFrom, tierDeadline, type TicketLocation } from './ticket-routing.js';
import type { TeamsAt } from './tickets.repository.js';
import { canReadTicket, isGridWorkerOf, ticketsPolicy, type ActorFacts } from './tickets.policy.js';
import { getTicket, presentDetail, SYSTEM, type TicketDeps } from './tickets.service.js';
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

/** Numbers a process takes from the day's counter at a time (ticket_numbers is one row a day: every create updating it would queue on it). */
export const TICKET_NUMBER_BLOCK = 20;

/** Per database (tests run many in one process): the day and the numbers left of this process's block. */
const numberBlocks = new WeakMap<object, { day: string; next: number; last: number; pending?: Promise<void> }>();

/**
 * The next ticket number of the day, YYYYMMDD + 6 digits: from a block of TICKET_NUMBER_BLOCK numbers
 * this process took from the day's counter, a short statement of its own (never inside a create's
 * transaction, which would hold the counter row until it commits). Numbers are unique and rise within
 * a process; two processes interleave blocks, and numbers left in a block when a process stops are
 * never used (as those of a create that fails).
 */
async function takeTicketNumber(db: Db, now: Date): Promise<string> {
  const day = shanghaiDay(now).replaceAll('-', '');
  // Inside a caller's transaction (not a database to keep a block for): one number.
  if (isTransaction(db)) return `${day}${String(await repo.takeTicketNumbers(db, day, 1)).padStart(6, '0')}`;
  for (;;) {
    const block = numberBlocks.get(db);
    if (block && block.day === day && block.next <= block.last) return `${day}${String(block.next++).padStart(6, '0')}`;
    if (block?.pending) {
      await block.pending;
      continue;
    }
    const refill = { day, next: 1, last: 0, pending: undefined as Promise<void> | undefined };
    refill.pending = repo
      .takeTicketNumbers(db, day, TICKET_NUMBER_BLOCK)
      .then((last) => {
        refill.next = last - TICKET_NUMBER_BLOCK + 1;
        refill.last = last;
      })
      .finally(() => {
        refill.pending = undefined;
        if (refill.last === 0) numberBlocks.delete(db);
      });
    numberBlocks.set(db, refill);
  }
}

/** What registerTicket needs read before its transaction opens (on PGlite, one connection: the database is not free again until it commits). */
interface BeforeWriting {
  calendar: WorkCalendar;
  now: Date;
  number: string;
  teams: TeamsAt;
}

async function beforeWriting(db: Db, teams: TeamsAt): Promise<BeforeWriting> {
  const now = new Date();
  const [calendar, number] = await Promise.all([loadWorkCalendar(db), takeTicketNumber(db, now)]);
  return { calendar, now, number, teams };
}

/** A new ticket as written: its row, its events, and what the creator's answer shows of it. */
interface Written {
  row: TicketRow;
  events: TicketEventRecord[];
  teamName: string | null;
  /** The creator is on the team it went to. */
  creatorOnTeam: boolean;
}

/**
 * A new ticket decided in full, not yet written: the register event, the dispatch event when it goes
 * out at once, and the row they fold into. `before.teams` are the tier teams of its place from
 * `n.dispatchFrom` up (teamSlotsFrom), looked up before any transaction.
 */
function buildTicket(n: NewTicket, before: BeforeWriting): Written {
  const { calendar, now, number, teams } = before;
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
  let team: { name: string; member: boolean } | undefined;
  if (n.dispatchFrom) {
    const target = routeWithTeams(loc, n.dispatchFrom, n.category.department, teams);
    team = target.teamId ? [...teams.values()].find((t) => t.id === target.teamId) : undefined;
    const due = tierDeadline(now, n.category, n.urgency, target.tier, calendar);
    events.push({ ...base, seq: 2, type: 'dispatch', actorUserId: null, actorName: SYSTEM.name, actorRole: SYSTEM.role, note: null, data: { ...target, tierDeadlineAt: due?.toISOString() ?? null, requestedTier: n.dispatchFrom } });
  }
  let row: TicketRow | null = null;
  for (const e of events) row = applyEvent(row, e);
  // The one who entered it on someone's behalf follows it from the start.
  if (n.followerUserId) row = { ...row!, followers: 1 };
  return { row: row!, events, teamName: team?.name ?? null, creatorOnTeam: team?.member ?? false };
}

/** Writes built tickets in the transaction `tx`: rows, events and first followers in one statement, the hooks (inbox, bus) with all of them, then each one's photos. */
async function writeTickets(tx: Db, list: Array<{ n: NewTicket; w: Written }>): Promise<void> {
  await insertNewTickets(
    tx,
    list.map(({ n, w }) => ({ row: w.row, events: w.events, followerUserId: n.followerUserId })),
  );
  for (const { n, w } of list) {
    if (!n.photoIds?.length) continue;
    if (!n.by.userId) throw errors.field('photoIds', 'photos need a signed-in uploader');
    await attachPhotos(tx, n.by.userId, w.row.id, w.row.countyCode, 1, n.photoIds);
  }
}

/** Builds and writes one new ticket in the transaction `tx`. */
async function registerTicket(tx: Db, n: NewTicket, before: BeforeWriting): Promise<Written> {
  const w = buildTicket(n, before);
  await writeTickets(tx, [{ n, w }]);
  return w;
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
  return (await createTicketOnce(deps, actor, input, null, req)).body;
}

/** What idempotency keys of ticket creates are stored under. */
const CREATE_ROUTE = 'POST /tickets';

/**
 * createTicket with an Idempotency-Key: the key is claimed, the ticket written, the audit row and the
 * answer stored in one transaction (one commit); a retry with the same key gets the stored answer
 * (`replayed`) and writes nothing.
 */
export async function createTicketOnce(deps: TicketDeps, actor: Actor, input: CreateTicketBody, idempotencyKey: string | null, req?: FastifyRequest): Promise<Stored<TicketDetail>> {
  const { db, cipher } = deps;
  const { title, description } = textOf(input);
  // The category (from the process's copy of the table) is known before the place, so the place's
  // look-up can bring the tier teams too; a bad category is still reported where it always was, below.
  const categoryPromise = chooseCategory(db, input.categoryCode, `${title} ${description}`);
  categoryPromise.catch(() => undefined);
  const requestedTier = input.channel === 'phone' || input.channel === 'referral' ? input.tier : undefined;
  const firstTierOf = (c: TicketCategory): TicketTier | null => requestedTier ?? (c.code === FALLBACK_CATEGORY ? null : (c.firstTier as TicketTier));
  /** What the place's look-up brought besides the location (a named place); a pin's are read after. */
  let looked: PlaceLookup | undefined;
  const at = async (code: string, residentId?: string | null) => {
    const category = await categoryPromise.catch(() => null);
    looked = await locatePlaceWithAddress(db, code, 'placeCode', {
      from: category ? firstTierOf(category) : null,
      person: { userId: actor.userId, residentId: actor.residentId },
      residentId,
    });
    return looked.location;
  };
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
        location = await at(input.placeCode, actor.residentId);
      } else if (input.pin) location = await locatePin(db, input.pin, households[0]?.slice(0, 9) ?? null);
      else {
        if (!households.length) throw errors.field('placeCode', 'give the place or a pin');
        location = await at(households[0], actor.residentId);
      }
      const me = !actor.residentId ? undefined : looked?.resident !== undefined ? looked.resident : await findResidentRecord(db, actor.residentId);
      reporter = { userId: actor.userId, residentId: actor.residentId, name: me?.name ?? actor.displayName, phoneEnc: me?.mobileEnc ?? null, phoneMasked: me?.mobileMasked ?? null };
      role = 'resident';
      break;
    }
    case 'patrol': {
      if (!has('grid_worker')) throw errors.forbidden('ticket.create.patrol');
      refuseFields('tier', 'deviceId', 'sourceRef');
      if (input.placeCode) {
        if (!ticketsPolicy.can(actor, 'ticket.create.patrol', { placeCode: input.placeCode })) throw errors.forbidden('ticket.create.patrol: a grid worker reports in her own grid');
        location = await at(input.placeCode);
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
      if (input.placeCode) location = await at(input.placeCode);
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
      location = await at(input.placeCode);
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
      location = await at(input.placeCode);
      ticketsPolicy.authorize(actor, 'ticket.create.device', location);
      reporter = { userId: null, residentId: null, name: `设备 ${input.deviceId}`, phoneEnc: null, phoneMasked: null };
      followerUserId = actor.userId;
      role = (['property_staff', 'community_staff', 'township_staff', 'county_staff', 'city_admin'] as const).find((r) => reaches(actor, [r], location.placeCode))!;
      extra.deviceId = input.deviceId;
      break;
    }
  }
  const category = await categoryPromise;
  const from = dispatchFrom ?? (category.code === FALLBACK_CATEGORY ? null : (category.firstTier as TicketTier));
  const [teams, placeName] = await Promise.all([
    looked?.teams ?? (from ? findTeamsAt(db, teamSlotsFrom(location, from), { userId: actor.userId, residentId: actor.residentId }) : Promise.resolve<TeamsAt>(new Map())),
    looked?.address ?? addressOf(db, location.placeCode),
  ]);
  const n: NewTicket = {
    channel: input.channel,
    title,
    description,
    category,
    urgency: input.urgency ?? 'general',
    confidential: category.confidentialByDefault || input.confidential === true,
    reporter,
    location,
    dispatchFrom: from,
    by: { userId: actor.userId, name: actor.displayName, role },
    followerUserId,
    extra,
    photoIds: input.photoIds,
  };
  let readable = true;
  // Decided in full before it waits for its batch: the row, the events, her answer (as getTicket would
  // read it back: she reported it, or follows what she entered) and the audit row.
  const w = buildTicket(n, await beforeWriting(db, teams));
  const present = (photos: Awaited<ReturnType<typeof photosOfTicket>>) => {
    const facts: ActorFacts = { onTeam: w.creatorOnTeam, following: followerUserId === actor.userId, actedBefore: !['resident', 'reporter'].includes(role) };
    readable = canReadTicket(actor, w.row, facts);
    return presentDetail(actor, w.row, facts, { events: w.events, categoryName: category.name, placeName, teamName: w.teamName, photos });
  };
  const job: CreateJob = {
    scope: { userId: actor.userId, route: CREATE_ROUTE, key: idempotencyKey },
    n,
    w,
    present,
    audit: { entry: { actorId: actor.userId, action: 'ticket.create', targetKind: 'ticket', targetId: w.row.id, detail: { channel: input.channel, number: w.row.number } }, req },
  };
  // With photos (checked and attached in its transaction), or inside a caller's transaction, it is written
  // alone; otherwise together with the creates arriving meanwhile.
  const stored = n.photoIds?.length || isTransaction(db) ? await writeCreate(db, job) : await createsOf(db).submit({ ...job, answer: present([]) });
  // Never so for any channel today; if a rule changes, she gets what reading it would give her (403).
  if (!readable && !stored.replayed) return { ...stored, body: await getTicket(db, actor, stored.body.ticket.id) };
  return stored;
}

/** One create, decided and built in full: what its writer stores, and how her answer and the audit row are made of it. */
interface CreateJob {
  scope: IdempotencyScope;
  n: NewTicket;
  w: Written;
  present: (photos: Awaited<ReturnType<typeof photosOfTicket>>) => TicketDetail;
  audit: { entry: AuditEntry; req?: FastifyRequest };
}

/** A create waiting for its batch, with her answer (no photos to read back). */
type BatchedCreate = CreateJob & { answer: TicketDetail };

/** Most creates one batch carries. */
export const CREATE_BATCH_MAX = 64;

/** Per database: the creates queued for its next batch (group commit: platform/batching.ts). */
const creates = new WeakMap<object, Batcher<BatchedCreate, Stored<TicketDetail>>>();

/** The group commit of a database's creates: a batch at a time (one lane: the larger the batch, the less each create costs), the next one gathering the creates that arrive meanwhile. */
export function createsOf(db: Db): Batcher<BatchedCreate, Stored<TicketDetail>> {
  let c = creates.get(db);
  if (!c) {
    c = batcher<BatchedCreate, Stored<TicketDetail>>({ run: (jobs) => writeCreates(db, jobs), alone: (job) => writeCreate(db, job), maxBatch: CREATE_BATCH_MAX });
    creates.set(db, c);
  }
  return c;
}

/**
 * Writes a batch of creates in one round trip: one script (platform/db.ts runScript, a transaction of
 * its own) of one statement storing the tickets, their events, first followers, audit rows and the
 * Idempotency-Keys with their answers (built before it is sent, from the rows it writes), and the
 * statement hooks' statements (inbox, bus). Throws when that cannot be (a hook that must run in a
 * transaction wants them, a key taken before, any fault): the committer then writes each alone.
 */
async function writeCreates(db: Db, jobs: BatchedCreate[]): Promise<Array<Stored<TicketDetail>>> {
  const keys = storeAnswersSql(
    jobs.map((j) => j.scope),
    jobs.map((j) => ({ status: 201, body: j.answer })),
  );
  const script = newTicketsScript(
    jobs.map(({ n, w }) => ({ row: w.row, events: w.events, followerUserId: n.followerUserId })),
    { a: auditInsertManySql(jobs.map((j) => j.audit)), ...(keys ? { k: keys } : {}) },
  );
  if (!script) throw new Error('a hook wants these tickets in a transaction');
  await runScript(db, script);
  return jobs.map((j) => ({ status: 201, body: j.answer, replayed: false }));
}

/**
 * Writes one create in a transaction of its own: the Idempotency-Key claimed first (a retry gets the
 * stored answer and writes nothing), the ticket, its photos, the hooks, then the answer stored with the
 * audit row.
 */
function writeCreate(db: Db, job: CreateJob): Promise<Stored<TicketDetail>> {
  return idempotentWrite<TicketDetail>(db, job.scope, async (tx) => {
    await writeTickets(tx, [job]);
    const photos = job.n.photoIds?.length ? await photosOfTicket(tx, job.w.row.id) : [];
    return { status: 201, body: job.present(photos), alongside: auditInsert(tx, job.audit.entry, job.audit.req) };
  });
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
  const location = await locatePlace(db, code, alert.buildingCode ? 'buildingCode' : 'compoundCode');
  const from = category.firstTier as TicketTier;
  const ready = await beforeWriting(db, await findTeamsAt(db, teamSlotsFrom(location, from)));
  const written = await db.transaction((tx) =>
    registerTicket(
      tx as unknown as Db,
      {
        channel: 'device',
        title,
        description,
        category,
        urgency: alert.urgency ?? 'urgent',
        confidential: category.confidentialByDefault,
        reporter: { userId: null, residentId: null, name: `设备 ${alert.deviceId}`, phoneEnc: null, phoneMasked: null },
        location,
        dispatchFrom: from,
        by: SYSTEM,
        followerUserId: null,
        extra: { deviceId: alert.deviceId, ...(alert.alertId ? { alertId: alert.alertId } : {}) },
      },
      ready,
    ),
  );
  return written.row;
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
  const from = category.code === FALLBACK_CATEGORY ? null : (category.firstTier as TicketTier);
  const ready = await beforeWriting(deps.db, from ? await findTeamsAt(deps.db, teamSlotsFrom(r.location, from)) : new Map());
  const n: NewTicket = {
    channel: 'referral',
    title,
    description,
    category,
    urgency: r.urgency ?? 'general',
    confidential: category.confidentialByDefault,
    reporter: { userId: null, residentId: null, name: r.caller?.name?.trim() || null, phoneEnc: phone ? deps.cipher.encrypt(phone) : null, phoneMasked: phone ? maskMobile(phone) : null },
    location: r.location,
    dispatchFrom: from,
    by: { userId: null, name: r.source, role: 'open311' },
    followerUserId: null,
    extra: r.extra,
  };
  return (await deps.db.transaction((tx) => registerTicket(tx as unknown as Db, n, ready))).row;
}
