import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The owners' roll 业主名册 of a compound: who owns each household (专有部分) and its floor area, kept by
 * staff (or imported from xlsx). Owners' votes (Civil Code art. 278) are weighted by it.
 */
export const ownerRoll = pgTable(
  'owner_roll',
  {
    householdCode: text('household_code').primaryKey(),
    compoundCode: text('compound_code').notNull(),
    countyCode: text('county_code').notNull(),
    ownerName: text('owner_name').notNull(),
    /** The owner in the registry, when she lives here (she then votes online). */
    residentId: uuid('resident_id'),
    /** Floor area 建筑面积 in hundredths of a square metre (exact sums for the 2/3 and 3/4 tests). */
    areaCenti: bigint('area_centi', { mode: 'number' }).notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('owner_roll_compound_idx').using('btree', t.compoundCode.op('text_pattern_ops')), index('owner_roll_resident_idx').on(t.residentId)],
);

/**
 * A vote 表决 or election 选举. `method` decides who votes: person (adult residents), household (one
 * ballot per household), owners (the owners' roll, art. 278). The electorate is fixed when it opens.
 */
export const votes = pgTable(
  'votes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    method: text('method').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** ordinary, or a major owners' matter (maintenance_fund, rebuilding, change_of_use) that needs 3/4. */
    matter: text('matter').notNull().default('ordinary'),
    secret: boolean('secret').notNull().default(false),
    placeCode: text('place_code').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    /** [{key, label, residentId?}]: 同意/反对/弃权 for a matter, the candidates of an election. */
    options: jsonb('options').notNull(),
    seats: integer('seats').notNull().default(1),
    /** For elections: the team whose leader the winner becomes ({teamId}). */
    appointTeamId: uuid('appoint_team_id'),
    /** What the vote decides, when it comes from elsewhere (a proposal, the convention). */
    subjectKind: text('subject_kind'),
    subjectId: uuid('subject_id'),
    status: text('status').notNull().default('draft'),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The last ballot's hash (the chain's head); '' before the first ballot. */
    chainHead: text('chain_head').notNull().default(''),
    ballotCount: integer('ballot_count').notNull().default(0),
    result: jsonb('result'),
    appointedAt: timestamp('appointed_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('votes_place_idx').using('btree', t.placeCode.op('text_pattern_ops')), index('votes_community_idx').on(t.communityCode, t.status)],
);

/**
 * The electorate of a vote, fixed when it opens, and whether each voter has voted. For a secret
 * vote `voted_on` keeps only the day, so participation cannot be lined up with the ballots' order.
 */
export const voteVoters = pgTable(
  'vote_voters',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => votes.id, { onDelete: 'cascade' }),
    voterKey: text('voter_key').notNull(),
    residentId: uuid('resident_id'),
    householdCode: text('household_code'),
    countyCode: text('county_code').notNull(),
    label: text('label').notNull(),
    areaCenti: bigint('area_centi', { mode: 'number' }).notNull().default(0),
    votedOn: timestamp('voted_on', { withTimezone: true }),
    channel: text('channel'),
    enteredBy: uuid('entered_by'),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.voterKey] }), index('vote_voters_resident_idx').on(t.residentId), index('vote_voters_household_idx').on(t.householdCode)],
);

/**
 * Ballots, a hash chain per vote: each row's hash covers its content and the previous hash, and the
 * vote row keeps the head, so an edited, inserted or deleted row is detected. A secret ballot has no
 * voter and no time.
 */
export const voteBallots = pgTable(
  'vote_ballots',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => votes.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    countyCode: text('county_code').notNull(),
    /** Open ballots only. */
    voterKey: text('voter_key'),
    choices: jsonb('choices').notNull(),
    areaCenti: bigint('area_centi', { mode: 'number' }).notNull().default(0),
    channel: text('channel').notNull(),
    nonce: text('nonce').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** Open ballots only. */
    castAt: timestamp('cast_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.seq] }), uniqueIndex('vote_ballots_hash_idx').on(t.hash), uniqueIndex('vote_ballots_voter_idx').on(t.voteId, t.voterKey).where(sql`voter_key IS NOT NULL`)],
);
