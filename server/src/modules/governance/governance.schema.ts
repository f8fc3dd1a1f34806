import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    /** Paper ballots entered: named ones (one step) and, on a secret vote, those from the box (never more than the hand-ins). */
    paperBallots: integer('paper_ballots').notNull().default(0),
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
    /**
     * `r:<resident id>` (a person, an owner in the registry) or `h:<random uuid>` (a household, an owner
     * not in the registry), minted at opening. Never a place code: a household may be moved (re-coded)
     * while the vote is open and an open ballot's receipt covers its voter key; the household is found
     * by `household_code`, which moves with it.
     */
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
 * Ballots, a hash chain per vote (vote-chain.ts): each row's receipt is the hash of its content, its
 * hash covers the receipt, its position and the previous hash, and the vote row keeps the head, so an
 * edited, inserted or deleted row is detected. A secret ballot has no voter, no time and no channel,
 * and its chain is sealed in receipt order when the vote closes (no trace of the order of arrival).
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
    /** Open ballots only: online or paper. */
    channel: text('channel'),
    nonce: text('nonce').notNull(),
    /** The hash of the ballot's content, whatever its place: the voter's receipt (null only on rows stored before receipts). */
    receipt: text('receipt'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** Open ballots only. */
    castAt: timestamp('cast_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.voteId, t.seq] }),
    uniqueIndex('vote_ballots_hash_idx').on(t.hash),
    uniqueIndex('vote_ballots_receipt_idx').on(t.receipt),
    uniqueIndex('vote_ballots_voter_idx').on(t.voteId, t.voterKey).where(sql`voter_key IS NOT NULL`),
  ],
);

/**
 * The ballot papers of a secret owners' vote handed in and not yet taken from the box: a random
 * number written on the paper at hand-in and the floor area it carries, never whose it is. A box
 * ballot takes its paper (the row is deleted); the rest go when the vote closes.
 */
export const votePapers = pgTable(
  'vote_papers',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => votes.id, { onDelete: 'cascade' }),
    paperNo: text('paper_no').notNull(),
    countyCode: text('county_code').notNull(),
    areaCenti: bigint('area_centi', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.paperNo] })],
);

/** A community's settings for self-governance: how many supporters take a proposal to deliberation. */
export const governanceSettings = pgTable('governance_settings', {
  communityPlaceCode: text('community_place_code').primaryKey(),
  countyCode: text('county_code').notNull(),
  supportThreshold: integer('support_threshold').notNull().default(10),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A proposal 议题 raised by a resident (or staff). Residents of the community support it; at the
 * threshold it is accepted for deliberation (待议); staff may put any proposal on an agenda.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    authorUserId: uuid('author_user_id'),
    authorResidentId: uuid('author_resident_id'),
    authorName: text('author_name').notNull(),
    /** collecting 征集中 → accepted 待议 → deliberating 议事中 → voting 表决中 → decided 已决 | rejected 不予采纳 */
    status: text('status').notNull().default('collecting'),
    supportCount: integer('support_count').notNull().default(0),
    threshold: integer('threshold').notNull(),
    meetingId: uuid('meeting_id'),
    voteId: uuid('vote_id'),
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [index('proposals_place_idx').using('btree', t.placeCode.op('text_pattern_ops'))],
);

export const proposalSupports = pgTable(
  'proposal_supports',
  {
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    residentId: uuid('resident_id').notNull(),
    countyCode: text('county_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.residentId] })],
);

/** A deliberation meeting 议事会: agenda, invitees and attendance, minutes, decisions and follow-up tasks. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    location: text('location').notNull(),
    status: text('status').notNull().default('planned'),
    minutes: text('minutes'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    heldAt: timestamp('held_at', { withTimezone: true }),
  },
  (t) => [index('meetings_place_idx').using('btree', t.placeCode.op('text_pattern_ops'))],
);

export const meetingItems = pgTable(
  'meeting_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    countyCode: text('county_code').notNull(),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    proposalId: uuid('proposal_id'),
    decision: text('decision'),
  },
  (t) => [index('meeting_items_meeting_idx').on(t.meetingId), uniqueIndex('meeting_items_proposal_idx').on(t.meetingId, t.proposalId)],
);

export const meetingInvitees = pgTable(
  'meeting_invitees',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    inviteeKey: text('invitee_key').notNull(),
    countyCode: text('county_code').notNull(),
    residentId: uuid('resident_id'),
    householdCode: text('household_code'),
    name: text('name').notNull(),
    /** household 住户代表 or representative 居民代表/党员/物业等. */
    role: text('role').notNull(),
    attended: boolean('attended').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.inviteeKey] })],
);

/** A follow-up task 跟进事项 decided at a meeting; it may become a ticket of the ticket loop. */
export const meetingTasks = pgTable(
  'meeting_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    countyCode: text('county_code').notNull(),
    placeCode: text('place_code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    assignee: text('assignee'),
    dueOn: date('due_on'),
    ticketId: uuid('ticket_id'),
    ticketNumber: text('ticket_number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_tasks_meeting_idx').on(t.meetingId)],
);

/** The residents' convention 居民公约, versioned: a version is adopted by vote and acknowledged by households. */
export const conventions = pgTable(
  'conventions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** draft → voting → adopted (the one in force) → superseded; or rejected. */
    status: text('status').notNull().default('draft'),
    voteId: uuid('vote_id'),
    adoptedAt: timestamp('adopted_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('conventions_version_idx').on(t.placeCode, t.version)],
);

export const conventionAcks = pgTable(
  'convention_acks',
  {
    conventionId: uuid('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    householdCode: text('household_code').notNull(),
    countyCode: text('county_code').notNull(),
    residentId: uuid('resident_id'),
    ackedAt: timestamp('acked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conventionId, t.householdCode] })],
);
