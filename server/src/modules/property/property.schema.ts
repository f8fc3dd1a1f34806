import { sql } from 'drizzle-orm';
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Smart property (智慧物业): devices in compounds and buildings, the rules that watch them, the alerts
 * they raise. Telemetry lives in `device_telemetry`, a table partitioned by day that the migrations
 * create by hand (Drizzle cannot declare partitioned tables); see property-telemetry.ts. Every
 * message taken in is a row of it (heartbeats too), and its unique key (device, reading time, message
 * id) is what drops redeliveries.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The device id in MQTT topics and webhook paths. */
    serial: text('serial').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** The building (18 digits) or compound (15) it is installed in. */
    placeCode: text('place_code').notNull(),
    compoundCode: text('compound_code').notNull(),
    countyCode: text('county_code').notNull(),
    /** The property company that owns and maintains it. */
    owner: text('owner').notNull(),
    installPlace: text('install_place').notNull(),
    /** Where it sits on the compound plan, in percent of width and height. */
    planX: real('plan_x'),
    planY: real('plan_y'),
    enabled: boolean('enabled').notNull().default(true),
    /** unknown (never heard), normal, alarm, offline. */
    status: text('status').notNull().default('unknown'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** The device's own time of its newest reading (`last_value`, `last_state`): an older reading that arrives later never overwrites them. */
    lastReadingAt: timestamp('last_reading_at', { withTimezone: true }),
    lastValue: doublePrecision('last_value'),
    lastState: text('last_state'),
    /** The webhook's HMAC secret, encrypted at rest. */
    secretEnc: text('secret_enc').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('devices_serial_idx').on(t.serial), index('devices_place_idx').using('btree', t.placeCode.op('text_pattern_ops')), index('devices_compound_idx').on(t.compoundCode)],
);

/** Messages that failed validation: counted and kept for inspection. `place_code` is the device's compound, or the county from the topic. */
export const deviceInvalidMessages = pgTable(
  'device_invalid_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    source: text('source').notNull(),
    topic: text('topic'),
    serial: text('serial'),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    reason: text('reason').notNull(),
    payload: text('payload').notNull(),
  },
  (t) => [index('device_invalid_place_idx').using('btree', t.placeCode.op('text_pattern_ops')), index('device_invalid_received_idx').on(t.receivedAt)],
);

/** Webhook signatures seen within the freshness window: a second use is a replay. */
export const webhookNonces = pgTable(
  'device_webhook_nonces',
  {
    signature: text('signature').primaryKey(),
    deviceId: uuid('device_id').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('device_webhook_nonces_seen_idx').on(t.seenAt)],
);

/** Rules kept by property and community staff for the devices under a compound or community. */
export const deviceRules = pgTable(
  'device_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    kind: text('kind').notNull(),
    type: text('type').notNull(),
    name: text('name').notNull(),
    params: jsonb('params').notNull(),
    severity: text('severity').notNull(),
    cooldownSeconds: integer('cooldown_seconds').notNull().default(0),
    opensTicket: boolean('opens_ticket').notNull().default(false),
    categoryCode: text('category_code'),
    urgency: text('urgency').notNull().default('urgent'),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('device_rules_place_idx').using('btree', t.placeCode.op('text_pattern_ops'))],
);

/** Alerts: one active (open or acknowledged) per device and rule; resolved by the device reporting normal or by staff. */
export const deviceAlerts = pgTable(
  'device_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deviceId: uuid('device_id').notNull(),
    ruleId: uuid('rule_id').notNull(),
    placeCode: text('place_code').notNull(),
    compoundCode: text('compound_code').notNull(),
    countyCode: text('county_code').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull().default('open'),
    title: text('title').notNull(),
    detail: text('detail').notNull(),
    value: doublePrecision('value'),
    state: text('state'),
    occurrences: integer('occurrences').notNull().default(1),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedByName: text('acknowledged_by_name'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by'),
    resolvedByName: text('resolved_by_name'),
    /** device_normal, manual. */
    resolution: text('resolution'),
    /** none, pending (to open), opened, failed. */
    ticketState: text('ticket_state').notNull().default('none'),
    ticketId: uuid('ticket_id'),
    ticketNumber: text('ticket_number'),
    ticketError: text('ticket_error'),
  },
  (t) => [
    uniqueIndex('device_alerts_active_idx').on(t.deviceId, t.ruleId).where(sql`status <> 'resolved'`),
    index('device_alerts_place_idx').using('btree', t.placeCode.op('text_pattern_ops')),
    index('device_alerts_status_idx').on(t.status, t.openedAt),
    index('device_alerts_ticket_idx').on(t.ticketId),
    index('device_alerts_device_rule_idx').on(t.deviceId, t.ruleId, t.openedAt),
  ],
);
