import { bigserial, doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The place tree. A code extends its parent's code, so "everything under X" is `code LIKE 'X%'`. */
export const places = pgTable(
  'places',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    level: text('level').notNull(),
    name: text('name').notNull(),
    /** 6-digit county code; null only for the city row. Every query below a county filters by it. */
    countyCode: text('county_code'),
    /** 社区 or 村 for communities; free otherwise. */
    kind: text('kind'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    outline: jsonb('outline'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('places_code_prefix_idx').using('btree', t.code.op('text_pattern_ops')),
    index('places_parent_idx').on(t.parentCode),
    index('places_county_idx').on(t.countyCode),
  ],
);

/** Grids: sets of buildings of one community, each with a 15-digit code. */
export const grids = pgTable(
  'grids',
  {
    code: text('code').primaryKey(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grids_community_idx').on(t.communityCode)],
);

/** A building is in exactly one grid. */
export const gridBuildings = pgTable(
  'grid_buildings',
  {
    buildingCode: text('building_code').primaryKey(),
    gridCode: text('grid_code')
      .notNull()
      .references(() => grids.code, { onDelete: 'cascade' }),
    countyCode: text('county_code').notNull(),
  },
  (t) => [index('grid_buildings_grid_idx').on(t.gridCode)],
);

/** What happened to a place: created, renamed, moved (re-coded with its subtree). */
export const placeHistory = pgTable(
  'place_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code'),
    action: text('action').notNull(),
    oldCode: text('old_code'),
    newCode: text('new_code'),
    oldName: text('old_name'),
    newName: text('new_name'),
    actorId: uuid('actor_id'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('place_history_code_idx').using('btree', t.placeCode.op('text_pattern_ops')), index('place_history_new_code_idx').on(t.newCode)],
);

/** Who works a grid (a grid may have more than one worker; access itself comes from role grants). */
export const gridWorkers = pgTable(
  'grid_workers',
  {
    gridCode: text('grid_code')
      .notNull()
      .references(() => grids.code, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    countyCode: text('county_code').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.gridCode, t.userId] })],
);
