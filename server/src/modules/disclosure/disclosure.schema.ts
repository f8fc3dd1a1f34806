import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * 居务公开: a post of a community by kind (finance 财务, affairs 事务, party 党务) for a period
 * (2026-11, 2026-Q4 or 2026), visible to the community's residents or to all, archived when its
 * period is over. A finance post carries a funds ledger; any post may carry attachments and the
 * result of a vote.
 */
export const disclosurePosts = pgTable(
  'disclosure_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    period: text('period').notNull(),
    visibility: text('visibility').notNull(),
    /** A closed vote's result as published (title, passed, counts), kept as it was. */
    voteSummary: jsonb('vote_summary'),
    voteId: uuid('vote_id'),
    createdBy: uuid('created_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('disclosure_posts_place_idx').using('btree', t.placeCode.op('text_pattern_ops')), index('disclosure_posts_period_idx').on(t.period)],
);

/** The funds ledger of a finance post: income and expense in fen (分). */
export const disclosureLedger = pgTable(
  'disclosure_ledger',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => disclosurePosts.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    countyCode: text('county_code').notNull(),
    occurredOn: date('occurred_on').notNull(),
    item: text('item').notNull(),
    incomeFen: bigint('income_fen', { mode: 'number' }).notNull().default(0),
    expenseFen: bigint('expense_fen', { mode: 'number' }).notNull().default(0),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.postId, t.seq] })],
);

export const disclosureAttachments = pgTable(
  'disclosure_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => disclosurePosts.id, { onDelete: 'cascade' }),
    countyCode: text('county_code').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    storedName: text('stored_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('disclosure_attachments_post_idx').on(t.postId)],
);
