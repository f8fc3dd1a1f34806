import { boolean, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A public notice 公示 (e.g. of cadre appointments): open for feedback from its start to its end date (Asia/Shanghai). */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    publisher: text('publisher').notNull(),
    contact: text('contact'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notices_place_idx').using('btree', t.placeCode.op('text_pattern_ops'))],
);

/**
 * Feedback on a notice, named or anonymous. Who sent it (name, phone, account) is encrypted and shown
 * to the supervisor role only; the sender keeps a receipt code to look up the outcome.
 */
export const noticeFeedback = pgTable(
  'notice_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    countyCode: text('county_code').notNull(),
    receiptCode: text('receipt_code').notNull().unique(),
    content: text('content').notNull(),
    anonymous: boolean('anonymous').notNull(),
    nameEnc: text('name_enc'),
    phoneEnc: text('phone_enc'),
    /** The account that sent it, encrypted like the name (a signed-in sender is not otherwise linked). */
    senderEnc: text('sender_enc'),
    status: text('status').notNull().default('received'),
    outcome: text('outcome'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notice_feedback_notice_idx').on(t.noticeId)],
);
