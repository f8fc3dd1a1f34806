/** What devices send: topics `<prefix>/<county>/<device-id>/<kind>` and a JSON payload validated per kind. Pure. */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { DEVICE_KINDS, DEVICE_PAYLOADS, HeartbeatPayload, type DeviceKind } from '../../../../contracts/property.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
addFormats(ajv);
const validators = Object.fromEntries(DEVICE_KINDS.map((k) => [k, ajv.compile(DEVICE_PAYLOADS[k])])) as Record<DeviceKind, ValidateFunction>;
const heartbeat = ajv.compile(HeartbeatPayload);

/** How far a device clock may be from ours before its message is refused (telemetry partitions are by day). */
export const MAX_CLOCK_SKEW_MS = 6 * 3600_000;

export const isDeviceKind = (k: string): k is DeviceKind => (DEVICE_KINDS as readonly string[]).includes(k);

export interface TopicParts {
  county: string;
  serial: string;
  kind: string;
}

/** Splits a topic under `prefix`; null if it is not one of ours. */
export function parseTopic(prefix: string, topic: string): TopicParts | null {
  if (topic.length <= prefix.length || !topic.startsWith(prefix) || topic[prefix.length] !== '/') return null;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length !== 3) return null;
  return { county: parts[0], serial: parts[1], kind: parts[2] };
}

/** A message taken in: the reading reduced to one number and one state (either may be absent). */
export interface Reading {
  messageId: string;
  /** The device's own time of the reading, in milliseconds since 1970. */
  at: number;
  heartbeat: boolean;
  value: number | null;
  state: string | null;
}

export type Parsed = { ok: true; reading: Reading } | { ok: false; reason: string };

function errorOf(v: ValidateFunction): string {
  const e = v.errors?.[0];
  if (!e) return 'invalid payload';
  const field = [e.instancePath.split('/').filter(Boolean).join('.'), e.keyword === 'required' ? String(e.params.missingProperty) : e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : ''].filter(Boolean).join('.');
  const what = e.keyword === 'additionalProperties' ? 'unknown field' : e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid');
  return `${field || 'payload'}: ${what}`;
}

const invalid = (reason: string): Parsed => ({ ok: false, reason });

/** Validates a payload for a kind of device and reduces it to a reading. */
export function parsePayload(kind: DeviceKind, raw: string | Buffer, now = Date.now()): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return invalid('payload: not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return invalid('payload: must be a JSON object');
  const msg = body as Record<string, unknown>;
  const isHeartbeat = msg.heartbeat === true;
  const v = isHeartbeat ? heartbeat : validators[kind];
  if (!v(msg)) return invalid(errorOf(v));
  const at = typeof msg.ts === 'number' ? msg.ts : Date.parse(msg.ts as string);
  if (Number.isNaN(at)) return invalid('ts: is not a time');
  if (Math.abs(at - now) > MAX_CLOCK_SKEW_MS) return invalid(`ts: more than ${MAX_CLOCK_SKEW_MS / 3600_000} h from the server clock`);
  const messageId = msg.id as string;
  // PostgreSQL text holds no NUL: such an id would fail its whole batch, again at every retry.
  if (messageId.includes('\u0000')) return invalid('id: contains NUL');
  const reading: Reading = { messageId, at, heartbeat: isHeartbeat, value: null, state: null };
  if (isHeartbeat) return { ok: true, reading };
  switch (kind) {
    case 'smoke':
      reading.value = msg.smoke as number;
      reading.state = msg.alarm ? 'alarm' : 'normal';
      break;
    case 'water_leak':
      reading.value = msg.leak ? 1 : 0;
      reading.state = msg.leak ? 'leak' : 'dry';
      break;
    case 'elevator':
      reading.value = typeof msg.floor === 'number' ? msg.floor : null;
      reading.state = msg.state as string;
      break;
    case 'fire_camera':
    case 'access_control':
      reading.state = msg.event as string;
      break;
    case 'water_tank':
      reading.value = msg.level as number;
      break;
    case 'power_meter':
      reading.value = msg.kw as number;
      break;
  }
  return { ok: true, reading };
}
