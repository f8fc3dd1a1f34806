import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Keys that let other systems (a city 12345 hotline, an app) post Open311 requests; only a hash is kept. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Unique among keys not revoked: a revoked name may be issued again. */
  name: text('name').notNull(),
  /** sha256 hex of the key: the key itself is shown once, at creation. */
  keyHash: text('key_hash').notNull().unique(),
  /** The first characters, so people can tell keys apart in a list. */
  keyPrefix: text('key_prefix').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
}, (t) => [uniqueIndex('api_keys_live_name_idx').on(t.name).where(sql`revoked_at IS NULL`)]);

/** A ticket that came in through Open311: its token, the key that posted it and what the client sent beyond the ticket. */
export const open311Requests = pgTable(
  'open311_requests',
  {
    token: uuid('token').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').notNull().unique(),
    apiKeyId: uuid('api_key_id').notNull(),
    /** attribute[...] answers, address_string, address_id, media_url, device_id, account_id. */
    submitted: jsonb('submitted').notNull().default({}),
    mediaUrl: text('media_url'),
    countyCode: text('county_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('open311_requests_key_idx').on(t.apiKeyId)],
);
