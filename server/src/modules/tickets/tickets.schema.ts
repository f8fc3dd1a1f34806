import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Ticket categories (configurable, seeded): first tier, deadlines by urgency, clock, confidentiality, department. */
export const ticketCategories = pgTable('ticket_categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** 'unit_team' | 'building_team' | 'compound_team' | 'community' | 'township' | 'department'. */
  firstTier: text('first_tier').notNull(),
  /** Total hours to close by urgency: {emergency, urgent, general, complex}. */
  deadlineHours: jsonb('deadline_hours').notNull(),
  /** Share of the total each tier gets before the ticket escalates: {unit_team: 0.15, …}. */
  tierShares: jsonb('tier_shares').notNull(),
  /** 'calendar' or 'working' (working days, with the holiday table's 调休). */
  clock: text('clock').notNull().default('calendar'),
  confidentialByDefault: boolean('confidential_by_default').notNull().default(false),
  /** The county department that takes the ticket beyond the township. */
  department: text('department').notNull(),
  /** Words that suggest this category from a resident's text. */
  keywords: text('keywords').array().notNull().default([]),
  active: boolean('active').notNull().default(true),
  sort: integer('sort').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The holiday table admins keep: statutory holidays, and 调休 weekends that are working days. */
export const holidays = pgTable('holidays', {
  day: date('day').primaryKey(),
  /** 'holiday' (a day off on a weekday) or 'workday' (a working weekend day, 调休). */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
});

/** A ticket 工单: the projection of its events (rebuildable from ticket_events). */
export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number: YYYYMMDD + 6-digit sequence. */
    number: text('number').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    categoryCode: text('category_code').notNull(),
    /** 'emergency' | 'urgent' | 'general' | 'complex'. */
    urgency: text('urgency').notNull(),
    /** 'resident' | 'patrol' | 'phone' | 'device' | 'referral'. */
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    confidential: boolean('confidential').notNull().default(false),
    reporterUserId: uuid('reporter_user_id'),
    reporterResidentId: uuid('reporter_resident_id'),
    reporterName: text('reporter_name'),
    reporterPhoneEnc: text('reporter_phone_enc'),
    reporterPhoneMasked: text('reporter_phone_masked'),
    /** Where it belongs: household, compound, building, community or township code. */
    placeCode: text('place_code').notNull(),
    compoundCode: text('compound_code'),
    communityCode: text('community_code'),
    townshipCode: text('township_code').notNull(),
    countyCode: text('county_code').notNull(),
    gridCode: text('grid_code'),
    /** WGS-84 pin, if reported on a map. */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Current tier: unit_team | building_team | compound_team | community | township | department. */
    tier: text('tier').notNull(),
    /** The tier team now responsible (null above the compound: community/township staff, or the department). */
    teamId: uuid('team_id'),
    department: text('department'),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    tierDeadlineAt: timestamp('tier_deadline_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedOnTime: boolean('closed_on_time'),
    supervised: boolean('supervised').notNull().default(false),
    extensionPending: boolean('extension_pending').notNull().default(false),
    extensions: integer('extensions').notNull().default(0),
    reworks: integer('reworks').notNull().default(0),
    escalations: integer('escalations').notNull().default(0),
    rating: text('rating'),
    ratingComment: text('rating_comment'),
    shelvedUntil: date('shelved_until'),
    mergedInto: uuid('merged_into'),
    followers: integer('followers').notNull().default(0),
    /** jieba tokens of title and description, for to_tsvector('simple', …). */
    searchText: text('search_text').notNull().default(''),
    /** Number of events applied; a writer must hold the row lock and advance it. */
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tickets_place_idx').using('btree', t.placeCode.op('text_pattern_ops')),
    index('tickets_county_created_idx').on(t.countyCode, t.createdAt),
    // "Under this place" within a county in one index (a separate county index made the planner AND two bitmaps).
    index('tickets_county_place_idx').using('btree', t.countyCode, t.placeCode.op('text_pattern_ops')),
    // Metrics touch tickets created, due or closed in a period: three ranges the planner ORs.
    index('tickets_county_deadline_idx').on(t.countyCode, t.deadlineAt),
    index('tickets_county_closed_idx').on(t.countyCode, t.closedAt),
    index('tickets_status_idx').on(t.status),
    index('tickets_tier_deadline_idx').on(t.tierDeadlineAt).where(sql`status IN ('dispatched', 'in_progress')`),
    index('tickets_team_idx').on(t.teamId),
    index('tickets_compound_category_idx').on(t.compoundCode, t.categoryCode, t.createdAt),
    index('tickets_public_list_idx').on(t.createdAt).where(sql`confidential = false AND status NOT IN ('cancelled', 'merged')`),
    index('tickets_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
  ],
);

/** Every change of a ticket, in order: the audit trail and the source of the projection. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    /** The role or system that acted: e.g. 'resident', 'unit_team', 'community_staff', 'system'. */
    actorRole: text('actor_role'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
    data: jsonb('data').notNull().default({}),
    /** Shown on the public list's timeline. */
    public: boolean('public').notNull().default(true),
    countyCode: text('county_code').notNull(),
  },
  (t) => [uniqueIndex('ticket_events_seq_idx').on(t.ticketId, t.seq), index('ticket_events_at_idx').on(t.countyCode, t.at)],
);

export const ticketPhotos = pgTable(
  'ticket_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null until attached: photos are uploaded first, then named when the ticket or its report-back is sent. */
    ticketId: uuid('ticket_id'),
    eventSeq: integer('event_seq'),
    /** Relative to the uploads folder. */
    path: text('path').notNull(),
    thumbPath: text('thumb_path').notNull(),
    mime: text('mime').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    uploadedBy: uuid('uploaded_by'),
    countyCode: text('county_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticket_photos_ticket_idx').on(t.ticketId)],
);

export const ticketFollowers = pgTable(
  'ticket_followers',
  {
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id').notNull(),
    countyCode: text('county_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] }), index('ticket_followers_user_idx').on(t.userId)],
);

/** The in-app inbox. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    ticketId: uuid('ticket_id'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/** What the SMS and e-mail transports sent (the log transport writes only here). */
export const outboundMessages = pgTable('outbound_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channel: text('channel').notNull(),
  recipient: text('recipient').notNull(),
  body: text('body').notNull(),
  status: text('status').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per-day ticket number sequences. */
export const ticketNumbers = pgTable('ticket_numbers', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});
