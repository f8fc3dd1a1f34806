import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { ingestorFor, type Incoming } from './property-ingest.js';
import { signWebhook } from './property.service.js';
import { detectOffline, openPendingTickets } from './property-alerts.service.js';

let t: TestContext;
/** A compound and building of the second demo county, where no demo devices or rules are seeded. */
let compound: string;
let building: string;
let admin: Client;
let n = 0;

beforeAll(async () => {
  t = await createTestContext();
  [{ code: compound }] = await t.database.query<{ code: string }>("SELECT code FROM places WHERE level = 'compound' AND code LIKE '140681%' ORDER BY code LIMIT 1");
  building = compound + '001';
  admin = await t.signIn('admin');
});
afterAll(() => t?.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function addDevice(kind: string, placeCode = building, as: Client = admin): Promise<{ device: Json; webhookSecret: string }> {
  const serial = `T-${kind}-${++n}-${Date.now().toString(36)}`;
  const res = await as.post('/api/v1/property/devices', { serial, kind, name: `测试${kind}${n}`, placeCode, owner: '朔州安居物业', installPlace: '地下室' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function addRule(body: Json, as: Client = admin): Promise<Json> {
  const res = await as.post('/api/v1/property/rules', { placeCode: compound, severity: 'warning', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

let seq = 0;
function msg(device: Json, payload: Json, extra: Partial<Incoming> = {}): Incoming {
  return {
    source: 'mqtt',
    topic: device.topic,
    serial: device.serial,
    kind: device.kind,
    county: device.placeCode.slice(0, 6),
    payload: JSON.stringify({ id: `m${++seq}`, ts: new Date().toISOString(), ...payload }),
    ...extra,
  };
}

const ingest = (items: Incoming[]) => ingestorFor(t.database.db).ingest(items);
const alertsOf = async (deviceId: string) =>
  t.database.query<{ id: string; status: string; severity: string; ticket_id: string | null; ticket_state: string; resolution: string | null; occurrences: number }>(
    'SELECT id, status, severity, ticket_id, ticket_state, resolution, occurrences FROM device_alerts WHERE device_id = $1 ORDER BY opened_at',
    [deviceId],
  );

describe('devices', () => {
  it('property staff add a device to their compound; the secret is shown once; a taken id is a 409; the place must be a compound or building', async () => {
    const property = await t.signIn('property');
    const { device, webhookSecret } = await addDevice('smoke', t.codes.building, property);
    expect(webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(device).toMatchObject({ kind: 'smoke', placeCode: t.codes.building, compoundCode: t.codes.compound, status: 'unknown', owner: '朔州安居物业', topic: `linli/140602/${device.serial}/smoke` });
    const [stored] = await t.database.query<{ secret_enc: string }>('SELECT secret_enc FROM devices WHERE id = $1', [device.id]);
    expect(stored.secret_enc).not.toContain(webhookSecret);
    const again = await property.post('/api/v1/property/devices', { serial: device.serial, kind: 'smoke', name: 'x', placeCode: t.codes.building, owner: 'x', installPlace: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().fields[0].field).toBe('serial');
    const unit = await property.post('/api/v1/property/devices', { serial: 'UNIT-1', kind: 'smoke', name: 'x', placeCode: t.codes.unit, owner: 'x', installPlace: 'x' });
    expect(unit.statusCode).toBe(400);
    expect(unit.json().fields[0].field).toBe('placeCode');
    const badKind = await property.post('/api/v1/property/devices', { serial: 'K-1', kind: 'toaster', name: 'x', placeCode: t.codes.building, owner: 'x', installPlace: 'x' });
    expect(badKind.json().fields[0].field).toBe('kind');
    const list = (await property.get(`/api/v1/property/devices?placeCode=${t.codes.compound}`)).json();
    expect(list.map((d: Json) => d.serial)).toContain(device.serial);
  });

  it('an Idempotency-Key retry returns the first device', async () => {
    const body = { serial: `IDEM-${Date.now()}`, kind: 'water_tank', name: '水箱', placeCode: compound, owner: '物业', installPlace: '屋顶' };
    const a = await admin.request({ method: 'POST', url: '/api/v1/property/devices', payload: body, headers: { 'idempotency-key': body.serial } });
    const b = await admin.request({ method: 'POST', url: '/api/v1/property/devices', payload: body, headers: { 'idempotency-key': body.serial } });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().device.id).toBe(a.json().device.id);
  });
});

describe('ingestion', () => {
  it('valid messages are taken in once: a redelivery (the same message id and reading time) is dropped', async () => {
    const { device } = await addDevice('water_tank');
    const m = msg(device, { level: 64.5 });
    expect(await ingest([m, m])).toEqual([{ status: 'accepted', alertsRaised: 0 }, { status: 'duplicate' }]);
    expect(await ingest([m])).toEqual([{ status: 'duplicate' }]);
    // A heartbeat redelivered, too.
    const beat = msg(device, { heartbeat: true });
    expect(await ingest([beat])).toEqual([{ status: 'accepted', alertsRaised: 0 }]);
    expect(await ingest([beat])).toEqual([{ status: 'duplicate' }]);
    const [row] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM device_telemetry WHERE device_id = $1 AND NOT heartbeat', [device.id]);
    expect(row.n).toBe(1);
    const d = (await admin.get(`/api/v1/property/devices/${device.id}`)).json();
    expect(d).toMatchObject({ status: 'normal', lastValue: 64.5 });
    expect(d.lastSeenAt).not.toBeNull();
  });

  it('an id seen before with another reading time is a reading of its own (a device whose counter started again)', async () => {
    const { device } = await addDevice('water_tank');
    const first = msg(device, { id: 'c1', level: 40, ts: new Date(Date.now() - 60_000).toISOString() });
    const again = msg(device, { id: 'c1', level: 45 });
    expect(await ingest([first])).toEqual([{ status: 'accepted', alertsRaised: 0 }]);
    expect(await ingest([again, again])).toEqual([{ status: 'accepted', alertsRaised: 0 }, { status: 'duplicate' }]);
    const [row] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM device_telemetry WHERE device_id = $1', [device.id]);
    expect(row.n).toBe(2);
    expect((await admin.get(`/api/v1/property/devices/${device.id}`)).json()).toMatchObject({ lastValue: 45 });
  });

  it('invalid messages are refused with the reason, counted and kept; the batch around them goes on', async () => {
    const { device } = await addDevice('water_leak');
    const before = ingestorFor(t.database.db).counters.invalid;
    const out = await ingest([
      msg(device, { leak: 'yes' }),
      { ...msg(device, {}), payload: '{not json' },
      msg(device, { leak: false, colour: 'red' }),
      msg(device, { leak: false }, { kind: 'smoke' }),
      msg(device, { leak: false }, { county: '140602' }),
      msg({ ...device, serial: 'NOPE-1' }, { leak: false }),
      msg(device, { leak: false, ts: '2001-01-01T00:00:00Z' }),
      // PostgreSQL text holds no NUL: stored, such an id would fail the batch at every retry.
      msg(device, { leak: false, id: 'nul\u0000' }),
      msg(device, { leak: false }),
    ]);
    expect(out.map((o) => (o.status === 'invalid' ? o.reason.split(':')[0] : o.status))).toEqual(['leak', 'payload', 'colour', 'topic', 'topic', 'device', 'ts', 'id', 'accepted']);
    expect(ingestorFor(t.database.db).counters.invalid - before).toBe(8);
    const kept = (await admin.get(`/api/v1/property/invalid-messages?placeCode=${compound}`)).json();
    expect(kept.total).toBeGreaterThanOrEqual(6);
    expect(kept.items.find((i: Json) => i.reason.startsWith('payload'))).toMatchObject({ payload: '{not json', source: 'mqtt' });
    // The message for an unknown device is kept under the county of its topic.
    const county = (await admin.get(`/api/v1/property/invalid-messages?placeCode=${compound.slice(0, 6)}`)).json();
    expect(county.items.some((i: Json) => i.serial === 'NOPE-1')).toBe(true);
  });
});

describe('webhook', () => {
  it('accepts a signed, fresh message; refuses a replay, a stale timestamp, a bad signature, and an invalid payload (kept)', async () => {
    const { device, webhookSecret } = await addDevice('power_meter');
    const post = (body: string, ts: number, sig?: string) =>
      t.anonymous.request({
        method: 'POST',
        url: `/api/v1/property/webhook/${device.serial}`,
        payload: body,
        headers: { 'content-type': 'application/json', 'x-linli-timestamp': String(ts), 'x-linli-signature': sig ?? signWebhook(webhookSecret, String(ts), body) },
      });
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'w1', ts: Date.now(), kw: 42.5 });
    const ok = await post(body, now);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ status: 'accepted', alertsRaised: 0 });
    const replay = await post(body, now);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().fields[0].field).toBe('x-linli-signature');
    // A device's own retry (a new request timestamp, the same message) is a duplicate, not an error.
    expect((await post(body, now + 1)).json()).toEqual({ status: 'duplicate' });
    const stale = await post(body, now - 600);
    expect(stale.statusCode).toBe(401);
    expect(stale.json().fields[0].field).toBe('x-linli-timestamp');
    const forged = await post(body, now + 2, signWebhook('not-the-secret', String(now + 2), body));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().fields[0].field).toBe('x-linli-signature');
    const unknown = await t.anonymous.request({ method: 'POST', url: '/api/v1/property/webhook/NO-SUCH-DEVICE', payload: body, headers: { 'content-type': 'application/json', 'x-linli-timestamp': String(now), 'x-linli-signature': signWebhook(webhookSecret, String(now), body) } });
    expect(unknown.statusCode).toBe(401);
    const bad = JSON.stringify({ id: 'w2', ts: Date.now(), kw: -3 });
    const invalid = await post(bad, now + 3);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().fields[0].field).toBe('kw');
    const [kept] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM device_invalid_messages WHERE serial = $1 AND source = 'webhook'", [device.serial]);
    expect(kept.n).toBe(1);
    const missing = await t.anonymous.request({ method: 'POST', url: `/api/v1/property/webhook/${device.serial}`, payload: body, headers: { 'content-type': 'application/json' } });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().fields[0].field).toBe('x-linli-timestamp');
  });
});

describe('rules and alerts', () => {
  it('a water leak raises an alert that opens a ticket (linked both ways); dry again resolves the alert while the ticket waits for its verification', async () => {
    const { device } = await addDevice('water_leak');
    await addRule({ kind: 'water_leak', type: 'state', name: '漏水', params: { states: ['leak'] }, severity: 'critical', opensTicket: true, categoryCode: 'repair', urgency: 'urgent' });
    expect(await ingest([msg(device, { leak: true })])).toEqual([{ status: 'accepted', alertsRaised: 1 }]);
    await ingestorFor(t.database.db).settled();
    await openPendingTickets(t.database.db);
    const [alert] = await alertsOf(device.id);
    expect(alert).toMatchObject({ status: 'open', severity: 'critical', ticket_state: 'opened' });
    const [ticket] = await t.database.query<{ channel: string; status: string; reporter_name: string; category_code: string; place_code: string }>(
      'SELECT channel, status, reporter_name, category_code, place_code FROM tickets WHERE id = $1',
      [alert.ticket_id],
    );
    expect(ticket).toMatchObject({ channel: 'device', reporter_name: `设备 ${device.serial}`, category_code: 'repair', place_code: building });
    const [reg] = await t.database.query<{ data: Json }>("SELECT data FROM ticket_events WHERE ticket_id = $1 AND type = 'register'", [alert.ticket_id]);
    expect(reg.data).toMatchObject({ deviceId: device.serial, alertId: alert.id });
    const viaApi = (await admin.get(`/api/v1/property/alerts?placeCode=${compound}&deviceId=${device.id}`)).json();
    expect(viaApi[0]).toMatchObject({ id: alert.id, ticketId: alert.ticket_id, status: 'open', deviceSerial: device.serial });
    expect((await admin.get(`/api/v1/property/devices/${device.id}`)).json().status).toBe('alarm');

    await ingest([msg(device, { leak: false })]);
    const [after] = await alertsOf(device.id);
    expect(after).toMatchObject({ status: 'resolved', resolution: 'device_normal' });
    const [still] = await t.database.query<{ status: string }>('SELECT status FROM tickets WHERE id = $1', [alert.ticket_id]);
    expect(still.status).not.toBe('closed');
    expect((await admin.get(`/api/v1/property/devices/${device.id}`)).json().status).toBe('normal');
  });

  it('thresholds have hysteresis: below 20 raises, back above 20 but under 30 keeps it, above 30 resolves', async () => {
    const { device } = await addDevice('water_tank');
    await addRule({ kind: 'water_tank', type: 'threshold', name: '水位过低', params: { op: 'below', limit: 20, clear: 30 } });
    const status = async () => (await alertsOf(device.id)).map((a) => a.status);
    await ingest([msg(device, { level: 15 })]);
    expect(await status()).toEqual(['open']);
    await ingest([msg(device, { level: 25 })]);
    expect(await status()).toEqual(['open']);
    await ingest([msg(device, { level: 35 })]);
    expect(await status()).toEqual(['resolved']);
    const bad = await admin.post('/api/v1/property/rules', { placeCode: compound, kind: 'water_tank', type: 'threshold', name: 'x', severity: 'info', params: { op: 'below', limit: 20, clear: 10 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('params.clear');
  });

  it('cooldown: after an alert, the same device and rule raise no new alert within the cooldown; events repeat on the open alert', async () => {
    const { device } = await addDevice('access_control');
    await addRule({ kind: 'access_control', type: 'event', name: '门被强开', params: { events: ['door_forced'] }, cooldownSeconds: 3600 });
    await ingest([msg(device, { event: 'door_forced' }), msg(device, { event: 'door_forced' })]);
    expect((await alertsOf(device.id)).map((a) => [a.status, a.occurrences])).toEqual([['open', 2]]);
    await ingest([msg(device, { event: 'door_closed' })]);
    const suppressedBefore = ingestorFor(t.database.db).counters.suppressed;
    await ingest([msg(device, { event: 'door_forced' })]);
    expect((await alertsOf(device.id)).map((a) => a.status)).toEqual(['resolved']);
    expect(ingestorFor(t.database.db).counters.suppressed - suppressedBefore).toBe(1);
    // Past the cooldown (moved back in time here), the next event raises a new alert.
    await t.database.query("UPDATE device_alerts SET opened_at = opened_at - interval '2 hours' WHERE device_id = $1", [device.id]);
    await ingest([msg(device, { event: 'door_forced' })]);
    expect((await alertsOf(device.id)).map((a) => a.status)).toEqual(['resolved', 'open']);
  });

  it('offline: no message for N minutes raises an alert and marks the device offline; its next message resolves it', async () => {
    const { device } = await addDevice('smoke');
    const { device: quiet } = await addDevice('elevator');
    await addRule({ kind: 'smoke', type: 'offline', name: '离线', params: { minutes: 10 }, severity: 'info' });
    await ingest([msg(device, { heartbeat: true })]);
    expect(await detectOffline(t.database.db, new Date(Date.now() + 5 * 60_000))).toBe(0);
    expect(await detectOffline(t.database.db, new Date(Date.now() + 11 * 60_000))).toBeGreaterThanOrEqual(1);
    expect((await alertsOf(device.id)).map((a) => a.status)).toEqual(['open']);
    expect((await admin.get(`/api/v1/property/devices/${device.id}`)).json().status).toBe('offline');
    expect(await alertsOf(quiet.id)).toEqual([]);
    // A second sweep does not raise it twice.
    await detectOffline(t.database.db, new Date(Date.now() + 12 * 60_000));
    expect(await alertsOf(device.id)).toHaveLength(1);
    await ingest([msg(device, { heartbeat: true })]);
    expect((await alertsOf(device.id)).map((a) => a.status)).toEqual(['resolved']);
    expect((await admin.get(`/api/v1/property/devices/${device.id}`)).json().status).toBe('normal');
  });

  it('staff acknowledge then resolve an alert by hand; the big-screen summary counts current alerts per compound', async () => {
    const { device } = await addDevice('fire_camera');
    await addRule({ kind: 'fire_camera', type: 'event', name: '消防通道占用', params: { events: ['fire_lane_blocked'] }, severity: 'critical' });
    await ingest([msg(device, { event: 'fire_lane_blocked' })]);
    const [a] = await alertsOf(device.id);
    const summary = (await admin.get(`/api/v1/property/alerts/summary?placeCode=${compound.slice(0, 12)}`)).json();
    const mine = summary.compounds.find((c: Json) => c.compoundCode === compound);
    expect(mine.critical).toBeGreaterThanOrEqual(1);
    expect(mine.open).toBeGreaterThanOrEqual(1);
    const ack = await admin.post(`/api/v1/property/alerts/${a.id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedByName: '市级管理员' });
    expect((await admin.post(`/api/v1/property/alerts/${a.id}/acknowledge`)).statusCode).toBe(409);
    const res = await admin.post(`/api/v1/property/alerts/${a.id}/resolve`);
    expect(res.json()).toMatchObject({ status: 'resolved', resolution: 'manual' });
    expect((await admin.post(`/api/v1/property/alerts/${a.id}/resolve`)).statusCode).toBe(409);
  });

  it('rule params must fit the kind and type', async () => {
    const bad = async (body: Json) => {
      const res = await admin.post('/api/v1/property/rules', { placeCode: compound, severity: 'info', name: 'x', ...body });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().fields[0].field;
    };
    expect(await bad({ kind: 'water_leak', type: 'threshold', params: { op: 'above', limit: 1 } })).toBe('params');
    expect(await bad({ kind: 'elevator', type: 'state', params: { states: ['on_fire'] } })).toBe('params');
    expect(await bad({ kind: 'elevator', type: 'state', params: { states: ['fault'] }, opensTicket: true })).toBe('categoryCode');
    expect(await bad({ kind: 'elevator', type: 'state', params: { states: ['fault'] }, opensTicket: true, categoryCode: 'nope' })).toBe('categoryCode');
    expect(await bad({ kind: 'elevator', type: 'state', params: { states: ['fault'] }, placeCode: building })).toBe('placeCode');
  });
});

describe('telemetry', () => {
  it('is kept in day partitions; history comes downsampled; retention drops whole days', async () => {
    const { device } = await addDevice('power_meter');
    const base = Date.now() - 3600_000;
    const items = Array.from({ length: 120 }, (_, i) => msg(device, { kw: 10 + (i % 10), ts: new Date(base + i * 30_000).toISOString() }));
    await ingest(items);
    const { ensurePartitions, listPartitions, applyRetention } = await import('./property-telemetry.js');
    const day = (d: number) => `device_telemetry_p${new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')}`;
    expect(await listPartitions(t.database.db)).toEqual(expect.arrayContaining([day(-1), day(0), day(1), day(2)]));
    const h = (await admin.get(`/api/v1/property/devices/${device.id}/telemetry?from=${new Date(base - 1000).toISOString()}&to=${new Date(base + 3600_000).toISOString()}&points=12`)).json();
    expect(h.bucketSeconds).toBe(301);
    expect(h.points.length).toBeLessThanOrEqual(13);
    expect(h.points.reduce((s: number, p: Json) => s + p.count, 0)).toBe(120);
    expect(h.points[0]).toMatchObject({ min: 10, max: 19 });
    expect((await admin.get(`/api/v1/property/devices/${device.id}/telemetry?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`)).json().fields[0].field).toBe('query.from');
    // Ten days on, with a retention of 3 days: today's partitions and rows go.
    const later = new Date(Date.now() + 10 * 86_400_000);
    await ensurePartitions(t.database.db, later);
    const { dropped } = await applyRetention(t.database.db, 3, later);
    expect(dropped).toEqual(expect.arrayContaining([day(-1), day(0), day(1), day(2)]));
    const [left] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM device_telemetry WHERE device_id = $1', [device.id]);
    expect(left.n).toBe(0);
    expect(await listPartitions(t.database.db)).toContain(`device_telemetry_p${later.toISOString().slice(0, 10).replaceAll('-', '')}`);
  });
});

// Last: its rules watch kinds the tests above use, in the same compound.
describe('readings out of order', () => {
  let base = 0;
  beforeEach(() => {
    base = Date.now() - 60_000;
  });
  const at = (ms: number) => new Date(base + ms).toISOString();
  /** The alerts of one rule (other tests' rules watch the same kinds in this compound). */
  const statusesOf = async (deviceId: string, rule: Json) =>
    (await t.database.query<{ status: string }>('SELECT status FROM device_alerts WHERE device_id = $1 AND rule_id = $2 ORDER BY opened_at', [deviceId, rule.id])).map((a) => a.status);
  const state = async (id: string) =>
    (await t.database.query<{ last_value: number | null; last_state: string | null; last_reading_at: Date | string | null }>('SELECT last_value, last_state, last_reading_at FROM devices WHERE id = $1', [id]))[0];

  it("a device's last value is its newest reading by the reading's own time, whatever order the readings arrive and commit in", async () => {
    const { device } = await addDevice('water_tank');
    // One batch, newest first.
    await ingest([msg(device, { level: 70, ts: at(3000) }), msg(device, { level: 50, ts: at(1000) }), msg(device, { level: 60, ts: at(2000) })]);
    expect(await state(device.id)).toMatchObject({ last_value: 70 });
    expect(new Date((await state(device.id)).last_reading_at!).toISOString()).toBe(at(3000));
    // A later batch with an older reading (another connection's, committed after): kept in telemetry, not the last value.
    expect(await ingest([msg(device, { level: 40, ts: at(2500) })])).toEqual([{ status: 'accepted', alertsRaised: 0 }]);
    expect(await state(device.id)).toMatchObject({ last_value: 70 });
    const [{ n }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM device_telemetry WHERE device_id = $1', [device.id]);
    expect(n).toBe(4);
    // Batches committed side by side (as the consumer's lanes and connections do), each with the other's older readings.
    await Promise.all([
      ingest([msg(device, { level: 81, ts: at(5000) }), msg(device, { level: 79, ts: at(4000) })]),
      ingest([msg(device, { level: 75, ts: at(4500) })]),
    ]);
    expect(await state(device.id)).toMatchObject({ last_value: 81 });
    expect((await admin.get(`/api/v1/property/devices/${device.id}`)).json()).toMatchObject({ lastValue: 81 });
  });

  it('rules follow the readings\' own times: a stale reading neither raises nor clears a threshold or state alert; a stale alarm event still raises', async () => {
    const { device: tank } = await addDevice('water_tank');
    const low = await addRule({ kind: 'water_tank', type: 'threshold', name: '水位过低(乱序)', params: { op: 'below', limit: 20, clear: 30 } });
    const statuses = (id: string) => statusesOf(id, id === tank.id ? low : forced);
    let forced: Json = {};
    await ingest([msg(tank, { level: 50, ts: at(2000) })]);
    // Older than the newest: below the limit, but stale.
    await ingest([msg(tank, { level: 10, ts: at(1000) })]);
    expect(await statuses(tank.id)).toEqual([]);
    // In one batch, out of order: the newest (low) raises; the older high reading after it clears nothing.
    await ingest([msg(tank, { level: 15, ts: at(4000) }), msg(tank, { level: 45, ts: at(3000) })]);
    expect(await statuses(tank.id)).toEqual(['open']);
    expect((await state(tank.id)).last_value).toBe(15);
    await ingest([msg(tank, { level: 40, ts: at(3500) })]);
    expect(await statuses(tank.id)).toEqual(['open']);
    await ingest([msg(tank, { level: 40, ts: at(5000) })]);
    expect(await statuses(tank.id)).toEqual(['resolved']);

    const { device: door } = await addDevice('access_control');
    forced = await addRule({ kind: 'access_control', type: 'event', name: '门被强开(乱序)', params: { events: ['door_forced'] } });
    await ingest([msg(door, { event: 'access_granted', ts: at(2000) })]);
    await ingest([msg(door, { event: 'door_forced', ts: at(1000) })]);
    expect(await statuses(door.id)).toEqual(['open']);
    // A stale clearing event does not resolve it; a newer one does.
    await ingest([msg(door, { event: 'door_closed', ts: at(1500) })]);
    expect(await statuses(door.id)).toEqual(['open']);
    await ingest([msg(door, { event: 'door_closed', ts: at(3000) })]);
    expect(await statuses(door.id)).toEqual(['resolved']);
  });

  it('an alert resolved and raised again within one batch opens a new alert', async () => {
    const { device } = await addDevice('access_control');
    const rule = await addRule({ kind: 'access_control', type: 'event', name: '门被强开(批内)', params: { events: ['door_forced'] } });
    await ingest([msg(device, { event: 'door_forced', ts: at(1000) })]);
    await ingest([msg(device, { event: 'door_closed', ts: at(2000) }), msg(device, { event: 'door_forced', ts: at(3000) })]);
    expect(await statusesOf(device.id, rule)).toEqual(['resolved', 'open']);
  });
});
