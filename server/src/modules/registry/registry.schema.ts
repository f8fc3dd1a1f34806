import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Residents (摸底). ID number and mobile are stored encrypted, with a keyed hash for look-up. */
export const residents = pgTable(
  'residents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdCode: text('household_code').notNull(),
    countyCode: text('county_code').notNull(),
    name: text('name').notNull(),
    gender: text('gender').notNull(),
    birthDate: date('birth_date'),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    /** Masked form kept in clear so lists never decrypt. */
    idNumberMasked: text('id_number_masked'),
    mobileEnc: text('mobile_enc'),
    mobileHash: text('mobile_hash'),
    mobileMasked: text('mobile_masked'),
    relation: text('relation').notNull().default('本人'),
    residenceStatus: text('residence_status').notNull().default('常住'),
    politicalStatus: text('political_status').notNull().default('群众'),
    tags: text('tags').array().notNull().default([]),
    synthetic: boolean('synthetic').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('residents_household_idx').using('btree', t.householdCode.op('text_pattern_ops')),
    index('residents_county_idx').on(t.countyCode),
    uniqueIndex('residents_id_hash_idx').on(t.idNumberHash),
    index('residents_mobile_hash_idx').on(t.mobileHash),
  ],
);

/** Party members (党员): full or probationary, and where the membership is kept (本社区 or elsewhere). */
export const partyMembers = pgTable(
  'party_members',
  {
    residentId: uuid('resident_id').primaryKey(),
    countyCode: text('county_code').notNull(),
    status: text('status').notNull(),
    joinDate: date('join_date'),
    /** 'community' (本社区) or 'elsewhere'. */
    membershipKept: text('membership_kept').notNull().default('community'),
    /** The party organisation elsewhere, when kept elsewhere. */
    membershipOrg: text('membership_org'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('party_members_county_idx').on(t.countyCode)],
);

/** 在职党员社区报到: a working member checks in where she lives, with her employer and its party org. */
export const memberCheckins = pgTable(
  'member_checkins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    residentId: uuid('resident_id').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    employer: text('employer').notNull(),
    employerPartyOrg: text('employer_party_org').notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('member_checkins_community_idx').on(t.communityCode), uniqueIndex('member_checkins_active_idx').on(t.residentId).where(sql`ended_at IS NULL`)],
);

/** 转接: a retired member's membership transferred to the community where she lives. */
export const membershipTransfers = pgTable(
  'membership_transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    residentId: uuid('resident_id').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    fromOrg: text('from_org').notNull(),
    status: text('status').notNull().default('pending'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    note: text('note'),
  },
  (t) => [index('membership_transfers_community_idx').on(t.communityCode)],
);

/** 新就业群体报到备案: delivery riders, couriers and the like registered with a community. */
export const gigWorkers = pgTable(
  'gig_workers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    residentId: uuid('resident_id'),
    name: text('name').notNull(),
    mobileEnc: text('mobile_enc'),
    mobileHash: text('mobile_hash'),
    mobileMasked: text('mobile_masked'),
    occupation: text('occupation').notNull(),
    company: text('company').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gig_workers_community_idx').on(t.communityCode), uniqueIndex('gig_workers_mobile_idx').on(t.communityCode, t.mobileHash)],
);

/** A resident import: progress for the web's bar, and the rejected rows for the report. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    fileName: text('file_name').notNull(),
    status: text('status').notNull().default('running'),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    rejected: jsonb('rejected').notNull().default([]),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_community_idx').on(t.communityCode)],
);
