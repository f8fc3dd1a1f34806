import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Teams: the three tiers of the ticket loop (unit_team 单元自治组, building_team 楼栋互助队,
 * compound_team 小区共治团), community-level social_work teams (新社工), and themed volunteer teams.
 */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    theme: text('theme'),
    /** Open recruiting (公开招募): residents may apply; the leader or staff decide. */
    recruiting: boolean('recruiting').notNull().default(false),
    recruitNote: text('recruit_note'),
    recruitingSince: timestamp('recruiting_since', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('teams_place_idx').using('btree', t.placeCode.op('text_pattern_ops')),
    // One tier team per place and tier.
    uniqueIndex('teams_tier_unique_idx').on(t.kind, t.placeCode).where(sql`kind IN ('unit_team', 'building_team', 'compound_team')`),
  ],
);

/** Members of a team: residents (party members and volunteers among them) or users (grid workers); role leader 队长, deputy 副队长, member 队员. */
export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    memberKey: text('member_key').notNull(),
    residentId: uuid('resident_id'),
    userId: uuid('user_id'),
    name: text('name').notNull(),
    role: text('role').notNull().default('member'),
    source: text('source').notNull(),
    countyCode: text('county_code').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.memberKey] }), index('team_members_resident_idx').on(t.residentId), index('team_members_user_idx').on(t.userId)],
);

/**
 * Applications to join a recruiting team (入队申请): pending → approved (she becomes a member) or
 * rejected (with a reason), or withdrawn by her. One pending application per resident and team (a
 * unique index, so concurrent or retried requests cannot make two).
 */
export const teamApplications = pgTable(
  'team_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    residentId: uuid('resident_id').notNull(),
    userId: uuid('user_id'),
    name: text('name').notNull(),
    message: text('message').notNull().default(''),
    status: text('status').notNull().default('pending'),
    reason: text('reason'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    countyCode: text('county_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('team_applications_pending_idx').on(t.teamId, t.residentId).where(sql`status = 'pending'`),
    index('team_applications_team_idx').on(t.teamId, t.status),
    index('team_applications_resident_idx').on(t.residentId),
  ],
);
