import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Party organisations, five levels: working committee (街道党工委, on a township), community committee
 * (社区大党委), branch or joint branch (小区党支部 / 联合党支部, over compounds), group or joint group
 * (楼栋党小组 / 联合党小组, over buildings). Unit centre households are in `centre_households`.
 */
export const partyOrgs = pgTable(
  'party_orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    /** The place it is anchored at: township, community, first compound, or first building. */
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    secretaryResidentId: uuid('secretary_resident_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('party_orgs_place_idx').using('btree', t.placeCode.op('text_pattern_ops')), index('party_orgs_parent_idx').on(t.parentId)],
);

/** Which compounds a branch covers, which buildings a group covers. A place is in at most one org of a level. */
export const partyOrgPlaces = pgTable(
  'party_org_places',
  {
    placeCode: text('place_code').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => partyOrgs.id, { onDelete: 'cascade' }),
    countyCode: text('county_code').notNull(),
  },
  (t) => [index('party_org_places_org_idx').on(t.orgId)],
);

/** 单元中心户: one household per unit, appointed by staff. */
export const centreHouseholds = pgTable('centre_households', {
  unitCode: text('unit_code').primaryKey(),
  householdCode: text('household_code').notNull(),
  residentId: uuid('resident_id'),
  countyCode: text('county_code').notNull(),
  appointedBy: uuid('appointed_by'),
  appointedAt: timestamp('appointed_at', { withTimezone: true }).notNull().defaultNow(),
});
