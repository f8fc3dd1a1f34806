/** Use cases of smart property: devices (add, edit, list, history), rules, the invalid-message store, and the webhook. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { AppError, errors } from '../../platform/errors.js';
import { ErrorCode } from '../../../../contracts/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { KIND_METRIC, KIND_STATES, type CreateDeviceBody, type CreateRuleBody, type Device, type DeviceKind, type Rule, type UpdateDeviceBody, type UpdateRuleBody } from '../../../../contracts/property.js';
import { findPlace } from '../places/places.service.js';
import { activeCategory } from '../tickets/ticket-categories.service.js';
import { propertyPolicy } from './property.policy.js';
import * as repo from './property.repository.js';
import { readHistory } from './property-telemetry.js';
import { ingestorFor, type Outcome } from './property-ingest.js';

export interface PropertyDeps {
  db: Db;
  cipher: PersonalDataCipher;
  topicPrefix: string;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function presentDevice(r: repo.DeviceRow, topicPrefix: string): Device {
  return {
    id: r.id,
    serial: r.serial,
    kind: r.kind as DeviceKind,
    name: r.name,
    placeCode: r.place_code,
    placeName: r.place_name,
    compoundCode: r.compound_code,
    owner: r.owner,
    installPlace: r.install_place,
    planX: r.plan_x,
    planY: r.plan_y,
    enabled: r.enabled,
    status: r.status,
    lastSeenAt: iso(r.last_seen_at),
    lastValue: r.last_value,
    lastState: r.last_state,
    activeAlerts: r.active_alerts,
    topic: `${topicPrefix}/${r.county_code}/${r.serial}/${r.kind}`,
  };
}

async function deviceOrFail(db: Db, actor: Actor, id: string, action: 'device.read' | 'device.manage') {
  const d = await repo.findDevice(db, id);
  if (!d) throw errors.notFound(`device ${id}`);
  propertyPolicy.authorize(actor, action, { placeCode: d.place_code });
  return d;
}

export async function listDevices(deps: PropertyDeps, actor: Actor, q: { placeCode: string; kind?: string; status?: string }): Promise<Device[]> {
  const scope = propertyPolicy.scopeOf(actor, 'device.read');
  if (!scope.length) throw errors.forbidden('device.read');
  return (await repo.findDevicesUnder(deps.db, q.placeCode, scope, q)).map((r) => presentDevice(r, deps.topicPrefix));
}

export async function getDevice(deps: PropertyDeps, actor: Actor, id: string): Promise<Device> {
  return presentDevice(await deviceOrFail(deps.db, actor, id, 'device.read'), deps.topicPrefix);
}

/** A fresh webhook secret: 32 random bytes, hex. */
const newSecret = () => randomBytes(32).toString('hex');

/** Adds a device to a compound or building; its webhook secret is returned this once. A serial already taken is a 409. */
export async function createDevice(deps: PropertyDeps, actor: Actor, body: CreateDeviceBody, req?: FastifyRequest) {
  const place = await findPlace(deps.db, body.placeCode);
  if (!place || (place.level !== 'compound' && place.level !== 'building')) throw errors.field('placeCode', 'must be a compound or building');
  propertyPolicy.authorize(actor, 'device.manage', { placeCode: body.placeCode });
  const secret = newSecret();
  const id = await repo.insertDevice(deps.db, {
    serial: body.serial,
    kind: body.kind,
    name: body.name.trim(),
    placeCode: body.placeCode,
    compoundCode: body.placeCode.slice(0, 15),
    countyCode: body.placeCode.slice(0, 6),
    owner: body.owner.trim(),
    installPlace: body.installPlace.trim(),
    planX: body.planX ?? null,
    planY: body.planY ?? null,
    secretEnc: deps.cipher.encrypt(secret),
    createdBy: actor.userId,
  });
  if (!id) throw errors.conflict(`device id ${body.serial} is taken`, [{ field: 'serial', message: 'is taken' }]);
  ingestorFor(deps.db).invalidate();
  await recordAudit(deps.db, { actorId: actor.userId, action: 'property.device.create', targetKind: 'device', targetId: id, detail: { serial: body.serial } }, req);
  return { device: await getDevice(deps, actor, id), webhookSecret: secret };
}

export async function updateDevice(deps: PropertyDeps, actor: Actor, id: string, body: UpdateDeviceBody, req?: FastifyRequest): Promise<Device> {
  await deviceOrFail(deps.db, actor, id, 'device.manage');
  await repo.updateDevice(deps.db, id, { ...body, name: body.name?.trim(), owner: body.owner?.trim(), installPlace: body.installPlace?.trim() });
  ingestorFor(deps.db).invalidate();
  await recordAudit(deps.db, { actorId: actor.userId, action: 'property.device.update', targetKind: 'device', targetId: id, detail: body }, req);
  return getDevice(deps, actor, id);
}

/** A new webhook secret (the old one stops working at once). */
export async function rotateDeviceSecret(deps: PropertyDeps, actor: Actor, id: string, req?: FastifyRequest) {
  await deviceOrFail(deps.db, actor, id, 'device.manage');
  const secret = newSecret();
  await repo.updateDevice(deps.db, id, { secretEnc: deps.cipher.encrypt(secret) });
  await recordAudit(deps.db, { actorId: actor.userId, action: 'property.device.rotate-secret', targetKind: 'device', targetId: id, detail: {} }, req);
  return { device: await getDevice(deps, actor, id), webhookSecret: secret };
}

/** A device's history, downsampled to at most `points` buckets (default: the last 24 hours). */
export async function deviceHistory(deps: PropertyDeps, actor: Actor, id: string, q: { from?: string; to?: string; points?: number }) {
  await deviceOrFail(deps.db, actor, id, 'device.read');
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 86_400_000);
  if (from >= to) throw errors.field('query.from', 'must be before to');
  return readHistory(deps.db, id, from, to, q.points ?? 200);
}

export async function listInvalidMessages(deps: PropertyDeps, actor: Actor, placeCode: string, limit = 100) {
  const scope = propertyPolicy.scopeOf(actor, 'invalid.read');
  if (!scope.length) throw errors.forbidden('invalid.read');
  const list = await repo.findInvalidUnder(deps.db, placeCode, scope, limit);
  return { total: list[0]?.total ?? 0, items: list.map(({ total: _t, received_at, ...r }) => ({ ...r, receivedAt: iso(received_at)! })) };
}

// ---- rules ----

function presentRule(r: repo.RuleRow): Rule {
  return {
    id: r.id,
    placeCode: r.place_code,
    placeName: r.place_name,
    kind: r.kind as DeviceKind,
    type: r.type,
    name: r.name,
    params: r.params,
    severity: r.severity,
    cooldownSeconds: r.cooldown_seconds,
    opensTicket: r.opens_ticket,
    categoryCode: r.category_code,
    urgency: r.urgency,
    enabled: r.enabled,
    updatedAt: iso(r.updated_at)!,
  };
}

/** The params must fit the rule's type and the device kind (a number for thresholds; states the kind reports). */
function checkParams(kind: DeviceKind, type: string, params: Record<string, unknown>) {
  const keys = Object.keys(params).sort().join(',');
  const bad = (m: string) => errors.field('params', m);
  switch (type) {
    case 'threshold':
      if (!('op' in params && 'limit' in params)) throw bad('a threshold rule has op and limit (and clear for hysteresis)');
      if (!KIND_METRIC[kind]) throw bad(`a ${kind} reports no number to compare`);
      if (params.clear !== undefined && (params.op === 'above' ? Number(params.clear) > Number(params.limit) : Number(params.clear) < Number(params.limit))) {
        throw errors.field('params.clear', params.op === 'above' ? 'must not be above the limit' : 'must not be below the limit');
      }
      break;
    case 'state':
    case 'event': {
      const list = (type === 'state' ? params.states : params.events) as unknown;
      if (!Array.isArray(list)) throw bad(`a ${type} rule has ${type === 'state' ? 'states' : 'events'}`);
      const unknown = [...list, ...((params.clearEvents as string[] | undefined) ?? [])].filter((s) => !KIND_STATES[kind].includes(String(s)));
      if (unknown.length) throw bad(`${unknown.join(', ')} is not reported by a ${kind} (it reports ${KIND_STATES[kind].join(', ') || 'no states'})`);
      break;
    }
    case 'offline':
      if (keys !== 'minutes') throw bad('an offline rule has minutes');
      break;
  }
}

async function checkCategory(db: Db, code: string | null | undefined, opensTicket: boolean) {
  if (opensTicket && !code) throw errors.field('categoryCode', 'a rule that opens tickets names their category');
  if (code) await activeCategory(db, code, 'categoryCode');
}

export async function listRules(deps: PropertyDeps, actor: Actor, placeCode: string): Promise<Rule[]> {
  const scope = propertyPolicy.scopeOf(actor, 'device.read');
  if (!scope.length) throw errors.forbidden('device.read');
  return (await repo.findRulesFor(deps.db, placeCode, scope)).map(presentRule);
}

export async function createRule(deps: PropertyDeps, actor: Actor, body: CreateRuleBody, req?: FastifyRequest): Promise<Rule> {
  const place = await findPlace(deps.db, body.placeCode);
  if (!place || (place.level !== 'compound' && place.level !== 'community')) throw errors.field('placeCode', 'must be a community or compound');
  propertyPolicy.authorize(actor, 'rule.manage', { placeCode: body.placeCode });
  checkParams(body.kind, body.type, body.params as Record<string, unknown>);
  await checkCategory(deps.db, body.categoryCode, body.opensTicket ?? false);
  const id = await repo.insertRule(deps.db, {
    placeCode: body.placeCode,
    countyCode: body.placeCode.slice(0, 6),
    kind: body.kind,
    type: body.type,
    name: body.name.trim(),
    params: body.params,
    severity: body.severity,
    cooldownSeconds: body.cooldownSeconds ?? 0,
    opensTicket: body.opensTicket ?? false,
    categoryCode: body.categoryCode ?? null,
    urgency: body.urgency ?? 'urgent',
    enabled: body.enabled ?? true,
    by: actor.userId,
  });
  ingestorFor(deps.db).invalidate();
  await recordAudit(deps.db, { actorId: actor.userId, action: 'property.rule.create', targetKind: 'device_rule', targetId: id, detail: { kind: body.kind, type: body.type } }, req);
  return presentRule((await repo.findRule(deps.db, id))!);
}

async function ruleOrFail(db: Db, actor: Actor, id: string) {
  const r = await repo.findRule(db, id);
  if (!r) throw errors.notFound(`rule ${id}`);
  propertyPolicy.authorize(actor, 'rule.manage', { placeCode: r.place_code });
  return r;
}

export async function updateRule(deps: PropertyDeps, actor: Actor, id: string, body: UpdateRuleBody, req?: FastifyRequest): Promise<Rule> {
  const r = await ruleOrFail(deps.db, actor, id);
  if (body.params) checkParams(r.kind as DeviceKind, r.type, body.params as Record<string, unknown>);
  await checkCategory(deps.db, body.categoryCode === undefined ? r.category_code : body.categoryCode, body.opensTicket ?? r.opens_ticket);
  await repo.updateRule(deps.db, id, { ...body, name: body.name?.trim() }, actor.userId);
  ingestorFor(deps.db).invalidate();
  await recordAudit(deps.db, { actorId: actor.userId, action: 'property.rule.update', targetKind: 'device_rule', targetId: id, detail: body }, req);
  return presentRule((await repo.findRule(deps.db, id))!);
}

export async function deleteRule(deps: PropertyDeps, actor: Actor, id: string, req?: FastifyRequest) {
  await ruleOrFail(deps.db, actor, id);
  const [active] = await rows<{ n: number }>(deps.db, sql`SELECT count(*)::int AS n FROM device_alerts WHERE rule_id = ${id} AND status <> 'resolved'`);
  if (active.n) throw errors.conflict(`the rule has ${active.n} active alert(s); resolve them or disable the rule`, [{ field: 'id', message: 'has active alerts' }]);
  await repo.deleteRule(deps.db, id);
  ingestorFor(deps.db).invalidate();
  await recordAudit(deps.db, { actorId: actor.userId, action: 'property.rule.delete', targetKind: 'device_rule', targetId: id, detail: {} }, req);
}

// ---- webhook ----

/** How far a webhook timestamp may be from our clock. */
export const WEBHOOK_WINDOW_SECONDS = 300;

/** The signature a device puts in X-Linli-Signature: hex HMAC-SHA256 of "<timestamp>.<body>" with its secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

const unauthorised = (field: string, message: string) => new AppError(ErrorCode.UNAUTHENTICATED, 401, `${field}: ${message}`, [{ field, message }]);

/**
 * A device posts one message: signed per device over timestamp and body, fresh within five
 * minutes, each signature usable once (a replay is a 409). At-least-once like MQTT: a retry with
 * the same message id is answered as a duplicate and changes nothing.
 */
export async function receiveWebhook(deps: PropertyDeps, serial: string, headers: Record<string, string | string[] | undefined>, rawBody: string, now = Date.now()): Promise<Outcome> {
  const ts = String(headers['x-linli-timestamp'] ?? '');
  const sig = String(headers['x-linli-signature'] ?? '');
  if (!/^\d{9,11}$/.test(ts)) throw unauthorised('x-linli-timestamp', 'is required: seconds since 1970');
  if (!/^sha256=[0-9a-f]{64}$/.test(sig)) throw unauthorised('x-linli-signature', 'is required: sha256=<hex HMAC>');
  const device = await repo.findDeviceBySerial(deps.db, serial);
  // Same answer for an unknown device as for a bad signature: no probing for device ids.
  const expected = device ? signWebhook(deps.cipher.decrypt(device.secret_enc), ts, rawBody) : 'sha256=' + '0'.repeat(64);
  if (!device || !timingSafeEqual(Buffer.from(expected), Buffer.from(sig))) throw unauthorised('x-linli-signature', 'does not match');
  if (Math.abs(now / 1000 - Number(ts)) > WEBHOOK_WINDOW_SECONDS) throw unauthorised('x-linli-timestamp', `is more than ${WEBHOOK_WINDOW_SECONDS} s from the server clock`);
  const [fresh] = await rows<{ signature: string }>(deps.db, sql`INSERT INTO device_webhook_nonces (signature, device_id) VALUES (${sig}, ${device.id}) ON CONFLICT DO NOTHING RETURNING signature`);
  if (!fresh) throw errors.conflict('this request was already received (replay)', [{ field: 'x-linli-signature', message: 'already used' }]);
  const [outcome] = await ingestorFor(deps.db).ingest([{ source: 'webhook', topic: null, serial, kind: null, county: null, payload: rawBody }]);
  return outcome;
}
