/** Smart property (智慧物业): devices, their messages, rules and alerts. */
import { Type, type Static, type TOptional, type TProperties, type TSchema } from 'typebox';

/** An object with exactly these fields (every object in this file). */
const closed = <T extends TProperties>(properties: T) => Type.Object(properties, { additionalProperties: false });
/** The same fields, each optional (update bodies). */
const optional = <T extends TProperties>(properties: T) => Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: TOptional<T[K]> };
/** One of these strings, as a union of literals (payloads validate it this way). */
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
/** One of these strings, as `enum` (what request fields use). */
const oneOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const DEVICE_KINDS = ['smoke', 'water_leak', 'elevator', 'fire_camera', 'access_control', 'water_tank', 'power_meter'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const DeviceKindSchema = oneOf(DEVICE_KINDS);

export const DEVICE_STATUSES = ['unknown', 'normal', 'alarm', 'offline'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const RULE_TYPES = ['threshold', 'state', 'event', 'offline'] as const;
export type RuleType = (typeof RULE_TYPES)[number];
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A device id as it appears in topics `linli/<county>/<device-id>/<kind>`: letters, digits, - and _. */
export const SerialSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{3,64}$', description: 'device id (letters, digits, - and _)' });

const Ts = Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0, description: 'milliseconds since 1970' })]);
const MessageId = Type.String({ minLength: 1, maxLength: 100 });
const Battery = Type.Optional(Type.Number({ minimum: 0, maximum: 100 }));
const obj = <T extends TProperties>(p: T) => closed({ id: MessageId, ts: Ts, ...p });

/** What elevators, fire cameras and access control report (payloads and rule editors alike). */
const ELEVATOR_STATES = ['running', 'idle', 'fault', 'trapped', 'maintenance'] as const;
const FIRE_CAMERA_EVENTS = ['fire_lane_blocked', 'fire_door_open', 'smoke_detected', 'clear'] as const;
const ACCESS_EVENTS = ['access_granted', 'access_denied', 'door_forced', 'door_held_open', 'tailgating', 'door_closed'] as const;

/** A heartbeat from any kind of device: alive, nothing to report. */
export const HeartbeatPayload = obj({ heartbeat: Type.Literal(true), battery: Battery });

/** The JSON each kind of device sends (besides heartbeats). */
export const DEVICE_PAYLOADS: Record<DeviceKind, TSchema> = {
  smoke: obj({ smoke: Type.Number({ minimum: 0, maximum: 100, description: 'obscuration %/m' }), alarm: Type.Boolean(), battery: Battery }),
  water_leak: obj({ leak: Type.Boolean(), battery: Battery }),
  elevator: obj({ state: literals(ELEVATOR_STATES), floor: Type.Optional(Type.Integer({ minimum: -10, maximum: 200 })), doorOpen: Type.Optional(Type.Boolean()) }),
  fire_camera: obj({ event: literals(FIRE_CAMERA_EVENTS), snapshot: Type.Optional(Type.String({ maxLength: 500 })) }),
  access_control: obj({ event: literals(ACCESS_EVENTS), door: Type.Optional(Type.String({ maxLength: 60 })) }),
  water_tank: obj({ level: Type.Number({ minimum: 0, maximum: 100, description: 'percent full' }) }),
  power_meter: obj({ kw: Type.Number({ minimum: 0, maximum: 100000 }), kwh: Type.Optional(Type.Number({ minimum: 0 })), voltage: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })) }),
};

/** The states and events a kind reports, for rule editors. */
export const KIND_STATES: Record<DeviceKind, string[]> = {
  smoke: ['normal', 'alarm'],
  water_leak: ['dry', 'leak'],
  elevator: [...ELEVATOR_STATES],
  fire_camera: [...FIRE_CAMERA_EVENTS],
  access_control: [...ACCESS_EVENTS],
  water_tank: [],
  power_meter: [],
};
/** What a kind's number means (null: it reports no number). */
export const KIND_METRIC: Record<DeviceKind, { name: string; unit: string } | null> = {
  smoke: { name: 'smoke', unit: '%/m' },
  water_leak: null,
  elevator: { name: 'floor', unit: '' },
  fire_camera: null,
  access_control: null,
  water_tank: { name: 'level', unit: '%' },
  power_meter: { name: 'kw', unit: 'kW' },
};

export const DeviceSchema = closed({
  id: Type.String(),
  serial: Type.String(),
  kind: DeviceKindSchema,
  name: Type.String(),
  placeCode: Type.String(),
  placeName: Type.String(),
  compoundCode: Type.String(),
  owner: Type.String(),
  installPlace: Type.String(),
  planX: Nullable(Type.Number()),
  planY: Nullable(Type.Number()),
  enabled: Type.Boolean(),
  status: Type.String(),
  lastSeenAt: Nullable(Type.String()),
  lastValue: Nullable(Type.Number()),
  lastState: Nullable(Type.String()),
  activeAlerts: Type.Integer(),
  topic: Type.String(),
});
export type Device = Static<typeof DeviceSchema>;

/** What people write about a device. */
const DeviceFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  owner: Type.String({ minLength: 1, maxLength: 60 }),
  installPlace: Type.String({ minLength: 1, maxLength: 100 }),
};
/** Where it sits on the compound plan, in percent. */
const PlanCoordinate = Type.Number({ minimum: 0, maximum: 100 });

export const CreateDeviceBody = closed({
  serial: SerialSchema,
  kind: DeviceKindSchema,
  name: DeviceFields.name,
  placeCode: Type.String({ pattern: '^([0-9]{15}|[0-9]{18})$', description: 'compound (15 digits) or building (18)' }),
  owner: DeviceFields.owner,
  installPlace: DeviceFields.installPlace,
  planX: Type.Optional(PlanCoordinate),
  planY: Type.Optional(PlanCoordinate),
});
export type CreateDeviceBody = Static<typeof CreateDeviceBody>;

export const UpdateDeviceBody = closed(optional({ ...DeviceFields, planX: Nullable(PlanCoordinate), planY: Nullable(PlanCoordinate), enabled: Type.Boolean() }));
export type UpdateDeviceBody = Static<typeof UpdateDeviceBody>;

/** A new device, with its webhook secret shown this once. */
export const CreatedDevice = closed({ device: DeviceSchema, webhookSecret: Type.String() });

export const DevicesQuery = closed({
  placeCode: Type.String({ pattern: '^[0-9]{4,24}$' }),
  kind: Type.Optional(DeviceKindSchema),
  status: Type.Optional(Type.String({ enum: [...DEVICE_STATUSES] })),
});

export const InvalidMessageSchema = closed({
  id: Type.Integer(),
  receivedAt: Type.String(),
  source: Type.String(),
  topic: Nullable(Type.String()),
  serial: Nullable(Type.String()),
  reason: Type.String(),
  payload: Type.String(),
});
export const InvalidMessagesResponse = closed({ total: Type.Integer(), items: Type.Array(InvalidMessageSchema) });

export const ThresholdParams = closed({
  op: Type.Union([Type.Literal('above'), Type.Literal('below')]),
  limit: Type.Number(),
  /** Hysteresis: the alert clears only once the value is back past this (defaults to the limit). */
  clear: Type.Optional(Type.Number()),
});
export const StateParams = closed({ states: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 20 }) });
export const EventParams = closed({
  events: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 20 }),
  clearEvents: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 20 })),
});
export const OfflineParams = closed({ minutes: Type.Integer({ minimum: 1, maximum: 10080 }) });
export type ThresholdParams = Static<typeof ThresholdParams>;
export type StateParams = Static<typeof StateParams>;
export type EventParams = Static<typeof EventParams>;
export type OfflineParams = Static<typeof OfflineParams>;

const URGENCIES = ['emergency', 'urgent', 'general', 'complex'] as const;
/** What a rule's editor sets: the first three on every create, the settings with defaults. */
const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  params: Type.Union([ThresholdParams, StateParams, EventParams, OfflineParams]),
  severity: oneOf(SEVERITIES),
};
const RuleSettings = {
  cooldownSeconds: Type.Integer({ minimum: 0, maximum: 86400 }),
  opensTicket: Type.Boolean(),
  categoryCode: Nullable(Type.String({ minLength: 1, maxLength: 40 })),
  urgency: oneOf(URGENCIES),
  enabled: Type.Boolean(),
};

export const CreateRuleBody = closed({
  placeCode: Type.String({ pattern: '^([0-9]{12}|[0-9]{15})$', description: 'community (12 digits) or compound (15)' }),
  kind: DeviceKindSchema,
  type: oneOf(RULE_TYPES),
  ...RuleFields,
  ...optional(RuleSettings),
});
export type CreateRuleBody = Static<typeof CreateRuleBody>;
export const UpdateRuleBody = closed(optional({ ...RuleFields, ...RuleSettings }));
export type UpdateRuleBody = Static<typeof UpdateRuleBody>;

export const RuleSchema = closed({
  id: Type.String(),
  placeCode: Type.String(),
  placeName: Type.String(),
  kind: DeviceKindSchema,
  type: Type.String(),
  name: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  severity: Type.String(),
  cooldownSeconds: Type.Integer(),
  opensTicket: Type.Boolean(),
  categoryCode: Nullable(Type.String()),
  urgency: Type.String(),
  enabled: Type.Boolean(),
  updatedAt: Type.String(),
});
export type Rule = Static<typeof RuleSchema>;

export const AlertSchema = closed({
  id: Type.String(),
  deviceId: Type.String(),
  deviceSerial: Type.String(),
  deviceName: Type.String(),
  deviceKind: Type.String(),
  installPlace: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  placeCode: Type.String(),
  compoundCode: Type.String(),
  compoundName: Type.String(),
  severity: Type.String(),
  status: Type.String(),
  title: Type.String(),
  detail: Type.String(),
  value: Nullable(Type.Number()),
  state: Nullable(Type.String()),
  occurrences: Type.Integer(),
  openedAt: Type.String(),
  lastAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()),
  acknowledgedByName: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  resolvedByName: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  ticketState: Type.String(),
  ticketId: Nullable(Type.String()),
  ticketNumber: Nullable(Type.String()),
});
export type Alert = Static<typeof AlertSchema>;

export const AlertsQuery = closed({
  placeCode: Type.String({ pattern: '^[0-9]{4,24}$' }),
  status: Type.Optional(Type.String({ enum: ['active', ...ALERT_STATUSES] })),
  deviceId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

/** Current alerts per compound under a place: for the big screen. */
export const AlertSummary = closed({
  placeCode: Type.String(),
  compounds: Type.Array(
    closed(
      {
        compoundCode: Type.String(),
        compoundName: Type.String(),
        devices: Type.Integer(),
        offline: Type.Integer(),
        open: Type.Integer(),
        acknowledged: Type.Integer(),
        critical: Type.Integer(),
        warning: Type.Integer(),
        info: Type.Integer(),
      }),
  ),
});
export type AlertSummary = Static<typeof AlertSummary>;

export const TelemetryQuery = closed({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  points: Type.Optional(Type.Integer({ minimum: 10, maximum: 1000, default: 200 })),
});
export const TelemetryResponse = closed({
  bucketSeconds: Type.Integer(),
  points: Type.Array(
    closed({ at: Type.String(), avg: Nullable(Type.Number()), min: Nullable(Type.Number()), max: Nullable(Type.Number()), count: Type.Integer() }),
  ),
});
export type TelemetryResponse = Static<typeof TelemetryResponse>;

export const IngestionStatusSchema = closed({
  state: Type.String(),
  url: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  received: Type.Integer(),
  processed: Type.Integer(),
  duplicates: Type.Integer(),
  invalid: Type.Integer(),
});
export type IngestionStatus = Static<typeof IngestionStatusSchema>;
