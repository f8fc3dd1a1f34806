/**
 * The dashboards' pre-aggregated ticket counts (rollups). A trigger on `tickets` (migration
 * 0017_ticket_rollups_trigger) appends every change of a counted column to `ticket_rollup_deltas` as the old
 * state with sign −1 and the new with +1 (insert-only: no hot rows for writers); a pg-boss job folds
 * the deltas into `ticket_rollups` (`rollups.repository.ts`). Readers add the unfolded deltas in the
 * same statement, so what they see is exact at their snapshot. Column names avoid `*place_code`: these
 * are derived keys, re-coded by the trigger when a place moves (not by PLACE_CODE_COLUMNS).
 */
import { bigserial, boolean, date, doublePrecision, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** A ticket's counted state, as it was (sign −1) or now is (sign +1), per changed row. */
export const ticketRollupDeltas = pgTable(
  'ticket_rollup_deltas',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    sign: smallint('sign').notNull(),
    countyCode: text('county_code').notNull(),
    /** The ticket's place code. */
    place: text('place').notNull(),
    teamId: text('team_id'),
    categoryCode: text('category_code').notNull(),
    status: text('status').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedOnTime: boolean('closed_on_time'),
    reworks: integer('reworks').notNull(),
    extensions: integer('extensions').notNull(),
    rating: text('rating'),
  },
  (t) => [index('ticket_rollup_deltas_county_idx').on(t.countyCode)],
);

/**
 * Counts of tickets by Shanghai day, dekad (1–10, 11–20, 21–end) or month (`grain` d/k/m, the period
 * starting on `day`), by what they count for (`kind`): c created, d due (deadline), x closed, h closed
 * by whole hours to close (`bin`). Keyed by a place (`lvl` 6/9/12: `dim` is the place code cut to
 * that length; 15, the compounds, for created counts only: hot spots) or a team (`lvl` 0: `dim` the
 * team id, `scope` its ticket's compound-level code). Category only on created counts of levels 6 and
 * 9 ('' elsewhere): a city, county or township reads its own level, its children's one below and,
 * for the city and a county, the communities' (12). `day2` on due counts: the day by
 * which the ticket was closed, but not before the period's last day ('infinity': not closed).
 * Counters n, c1…c8, hours: see `rollups.repository.ts`.
 */
export const ticketRollups = pgTable(
  'ticket_rollups',
  {
    countyCode: text('county_code').notNull(),
    lvl: smallint('lvl').notNull(),
    kind: text('kind').notNull(),
    grain: text('grain').notNull(),
    day: date('day').notNull(),
    dim: text('dim').notNull(),
    scope: text('scope').notNull(),
    categoryCode: text('category_code').notNull(),
    day2: date('day2').notNull(),
    bin: integer('bin').notNull(),
    n: integer('n').notNull(),
    c1: integer('c1').notNull(),
    c2: integer('c2').notNull(),
    c3: integer('c3').notNull(),
    c4: integer('c4').notNull(),
    c5: integer('c5').notNull(),
    c6: integer('c6').notNull(),
    c7: integer('c7').notNull(),
    c8: integer('c8').notNull(),
    hours: doublePrecision('hours').notNull(),
  },
  (t) => [uniqueIndex('ticket_rollups_key_idx').on(t.countyCode, t.lvl, t.kind, t.grain, t.day, t.dim, t.scope, t.categoryCode, t.day2, t.bin)],
);
