import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('teams_place_idx').using('btree', t.placeCode.op('text_pattern_ops')),
    // One tier team per place and tier.
    uniqueIndex('teams_tier_unique_idx').on(t.kind, t.placeCode).where(sql`kind IN ('unit_team', 'building_team', 'compound_team')`),
  ],
);

/** Members of a team: residents (party members and volunteers among them) or users (grid workers). */
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
