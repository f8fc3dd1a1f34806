/** Against the real Mosquitto broker (MQTT_URL, default mqtt://127.0.0.1:1883): unique topic prefix and client ids per run. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { startConsumer, writePubacks, type Consumer } from './property-mqtt.js';

const BROKER = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
const run = randomBytes(4).toString('hex');
let t: TestContext;
let admin: Client;
let compound: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.signIn('admin');
  [{ code: compound }] = await t.database.query<{ code: string }>("SELECT code FROM places WHERE level = 'compound' AND code LIKE '140681%' ORDER BY code LIMIT 1");
});
afterAll(() => t?.close());

async function addDevice(kind: string, serial: string) {
  const res = await admin.post('/api/v1/property/devices', { serial, kind, name: serial, placeCode: compound + '001', owner: '物业', installPlace: '1号楼' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().device as Json;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const count = async (sql: string, params: unknown[]) => (await t.database.query<{ n: number }>(sql, params))[0].n;

describe('MQTT ingestion from the real broker', () => {
  let consumer: Consumer;
  const prefix = `linli-test-${run}`;

  beforeAll(async () => {
    // Several connections sharing the subscription and two lanes: a device's messages reach parallel
    // batches out of order, and its last value must still be its newest reading.
    consumer = startConsumer(t.database.db, { url: BROKER, topicPrefix: prefix, clientId: `linli-t-${run}`, connections: 4, lanes: 2 });
    await consumer.ready();
  });
  afterAll(() => consumer?.stop());

  it('takes valid messages in once, drops redeliveries, and counts and keeps invalid ones', async () => {
    const device = await addDevice('water_tank', `MQ-TANK-${run}`);
    const pub = await mqtt.connectAsync(BROKER, { clientId: `linli-t-pub-${run}` });
    const topic = `${prefix}/${compound.slice(0, 6)}/${device.serial}/water_tank`;
    const before = consumer.status();
    // The newest reading (level 69) first, then the older ones: whatever order they commit in, 69 stays the last value.
    const base = Date.now() - 60_000;
    const reading = (i: number) => JSON.stringify({ id: `a${i}`, ts: base + i * 1000, level: 50 + i });
    await pub.publishAsync(topic, reading(19), { qos: 1 });
    await Promise.all(Array.from({ length: 19 }, (_, i) => pub.publishAsync(topic, reading(i), { qos: 1 })));
    const telemetry = () => count('SELECT count(*)::int AS n FROM device_telemetry WHERE device_id = $1', [device.id]);
    expect(await until(telemetry, (v) => v >= 20)).toBe(20);
    // Redeliveries (a device's retry: the same message, id and reading time) once the originals are in.
    // (Sent together with the originals, over a shared subscription a retry may arrive first and be the
    // one taken in: then it is the message, and the later original the duplicate.)
    for (let i = 0; i < 5; i++) await pub.publishAsync(topic, reading(i), { qos: 1 });
    await pub.publishAsync(topic, '{"id":"bad","ts":1,"level":"high"}', { qos: 1 });
    await pub.publishAsync(`${prefix}/${compound.slice(0, 6)}/${device.serial}/smoke`, JSON.stringify({ id: 'k', ts: Date.now(), smoke: 1, alarm: false }), { qos: 1 });
    await pub.publishAsync(topic, Buffer.from([0xff, 0xfe, 0x00]), { qos: 1 });
    await pub.endAsync();
    const invalid = await until(() => count('SELECT count(*)::int AS n FROM device_invalid_messages WHERE serial = $1', [device.serial]), (v) => v >= 3);
    expect(invalid).toBe(3);
    const s = await until(async () => consumer.status(), (x) => x.duplicates - before.duplicates >= 5);
    expect(await telemetry()).toBe(20);
    expect(s.duplicates - before.duplicates).toBe(5);
    expect(s.invalid - before.invalid).toBe(3);
    expect(s.state).toBe('connected');
    expect((await admin.get(`/api/v1/property/devices/${device.id}`)).json()).toMatchObject({ lastValue: 69, status: 'normal' });
  });

  it('spreads a burst over the connections and commits it in batches, each message acknowledged after its commit', async () => {
    const device = await addDevice('power_meter', `MQ-BURST-${run}`);
    const pub = await mqtt.connectAsync(BROKER, { clientId: `linli-t-burst-${run}` });
    const topic = `${prefix}/${compound.slice(0, 6)}/${device.serial}/power_meter`;
    const batches = consumer.ingestor.counters.batches;
    const base = Date.now() - 60_000;
    await Promise.all(Array.from({ length: 500 }, (_, i) => pub.publishAsync(topic, JSON.stringify({ id: `b${i}`, ts: base + i, kw: i % 100 }), { qos: 1 })));
    await pub.endAsync();
    const n = await until(() => count('SELECT count(*)::int AS n FROM device_telemetry WHERE device_id = $1', [device.id]), (v) => v >= 500);
    expect(n).toBe(500);
    expect(consumer.ingestor.counters.batches - batches).toBeLessThan(500);
    const [d] = await t.database.query<{ last_value: number }>('SELECT last_value FROM devices WHERE id = $1', [device.id]);
    expect(d.last_value).toBe(499 % 100);
  });
});

describe('acknowledging after the commit (mqtt.js behaviour the consumer relies on)', () => {
  it('a handler that calls back with an error sends no PUBACK (the broker stops at the Receive Maximum); PUBACKs written later release the rest', async () => {
    const topic = `linli-ack-${run}/x`;
    const sub = await mqtt.connectAsync(BROKER, { clientId: `linli-ack-sub-${run}`, protocolVersion: 5, clean: true, properties: { receiveMaximum: 5 } });
    const held: number[] = [];
    sub.handleMessage = (packet, callback) => {
      held.push(packet.messageId!);
      callback(new Error('later'));
    };
    await sub.subscribeAsync(topic, { qos: 1 });
    const pub = await mqtt.connectAsync(BROKER, { clientId: `linli-ack-pub-${run}` });
    for (let i = 0; i < 12; i++) await pub.publishAsync(topic, String(i), { qos: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(held).toHaveLength(5);
    // From now on each message is acknowledged right after the handler, written the way the consumer writes them after a commit.
    sub.handleMessage = (packet, callback) => {
      held.push(packet.messageId!);
      callback(new Error('later'));
      writePubacks(sub, [packet.messageId!]);
    };
    writePubacks(sub, held.slice());
    await until(async () => held.length, (v) => v >= 12, 5_000);
    expect(held).toHaveLength(12);
    await pub.endAsync();
    await sub.endAsync(true);
  });
});

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

describe('a broker restart mid-stream', () => {
  let broker: ChildProcess | null = null;
  let port = 0;
  let dir = '';
  const startBroker = async () => {
    broker = spawn('/usr/sbin/mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    await until(async () => {
      try {
        const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: `probe-${run}`, reconnectPeriod: 0, connectTimeout: 500 });
        await c.endAsync();
        return true;
      } catch {
        return false;
      }
    }, Boolean, 10_000);
  };
  const stopBroker = async () => {
    const b = broker!;
    const exited = new Promise((r) => b.once('exit', r));
    b.kill('SIGTERM'); // Mosquitto saves its persistence file on a clean stop.
    await exited;
  };
  afterAll(async () => {
    if (broker && broker.exitCode === null) await stopBroker();
  });

  it('loses no acknowledged QoS 1 message and drops the duplicates', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'linli-mosq-'));
    // Mosquitto started as root drops to its own user, which must be able to write the persistence file.
    chmodSync(dir, 0o777);
    port = await freePort();
    writeFileSync(join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location ${dir}/\nautosave_interval 1\n`);
    await startBroker();
    const url = `mqtt://127.0.0.1:${port}`;
    const prefix = `linli-restart-${run}`;
    const device = await addDevice('power_meter', `MQ-METER-${run}`);
    const consumer = startConsumer(t.database.db, { url, topicPrefix: prefix, clientId: `linli-r-${run}`, connections: 1 });
    await consumer.ready();
    const pub = mqtt.connect(url, { clientId: `linli-r-pub-${run}`, clean: false, reconnectPeriod: 200 });
    const topic = `${prefix}/${compound.slice(0, 6)}/${device.serial}/power_meter`;
    const acked = new Set<string>();
    /** Each message's bytes, for its redelivery later. */
    const bytes = new Map<number, string>();
    const publish = (i: number) =>
      new Promise<void>((ok) => {
        const id = `r${i}`;
        if (!bytes.has(i)) bytes.set(i, JSON.stringify({ id, ts: Date.now(), kw: i % 100 }));
        pub.publish(topic, bytes.get(i)!, { qos: 1 }, (err) => {
          if (!err) acked.add(id);
          ok();
        });
      });
    const sent: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      sent.push(publish(i));
      if (i === 150) {
        await Promise.race([Promise.all(sent.slice(0, 100)), new Promise((r) => setTimeout(r, 3000))]);
        await stopBroker();
        await startBroker();
      }
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.race([Promise.all(sent), new Promise((r) => setTimeout(r, 20_000))]);
    expect(acked.size).toBeGreaterThanOrEqual(150);
    const ids = async () => new Set((await t.database.query<{ message_id: string }>('SELECT message_id FROM device_telemetry WHERE device_id = $1', [device.id])).map((r) => r.message_id));
    const got = await until(ids, (s) => [...acked].every((id) => s.has(id)), 30_000);
    expect([...acked].filter((id) => !got.has(id)), JSON.stringify(consumer.status())).toEqual([]);
    // A device's redeliveries of messages already taken in: every one is dropped.
    const before = consumer.status().duplicates;
    const again = [...got].filter((_, i) => i % 7 === 0);
    for (const id of again) await publish(Number(id.slice(1)));
    const s = await until(async () => consumer.status(), (x) => x.duplicates - before >= again.length, 10_000);
    expect(s.duplicates - before).toBe(again.length);
    const [dups] = await t.database.query<{ n: number }>('SELECT count(*)::int - count(DISTINCT message_id)::int AS n FROM device_telemetry WHERE device_id = $1', [device.id]);
    expect(dups.n).toBe(0);
    await pub.endAsync(true);
    await consumer.stop();
  });
});

describe('a broker that is down', () => {
  it('does not stop the app: /api/ready stays 200 and shows the consumer retrying', async () => {
    const { startProperty } = await import('./property-jobs.js');
    const port = await freePort();
    const started = await startProperty(t.database, { ...t.config, mqttUrl: `mqtt://127.0.0.1:${port}`, mqttClientId: `linli-down-${run}`, mqttConnections: 1, propertySweepSeconds: 0 }, { info: () => undefined, warn: () => undefined, error: () => undefined });
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const ready = await t.anonymous.get('/api/ready');
      expect(ready.statusCode).toBe(200);
      expect(ready.json().components.mqtt).toMatchObject({ state: 'connecting', url: `mqtt://127.0.0.1:${port}` });
      expect(ready.json().components.mqtt.lastError).toMatch(/ECONNREFUSED/);
    } finally {
      await started.stop();
    }
  });
});

describe('simulated traffic', () => {
  it('the demo compound’s devices publish; a water-leak incident raises an alert, opens its ticket, and clears', { timeout: 60_000 }, async () => {
    const { simulateDevices } = await import('./property-simulate.js');
    const { demoDevicesOf } = await import('./property-seed.js');
    const prefix = `linli-sim-${run}`;
    const consumer = startConsumer(t.database.db, { url: BROKER, topicPrefix: prefix, clientId: `linli-s-${run}`, connections: 2 });
    await consumer.ready();
    const invalidBefore = consumer.status().invalid;
    try {
      const devices = demoDevicesOf(t.codes.compound).map((d) => ({ serial: d.serial, kind: d.kind, countyCode: '140602' }));
      const stats = await simulateDevices({ url: BROKER, topicPrefix: prefix, devices, rate: 60, seconds: 4, incident: 'water_leak', incidentAt: 1, incidentFor: 2, clientId: `linli-s-pub-${run}` });
      expect(stats.acked).toBe(stats.sent);
      expect(stats.sent).toBeGreaterThanOrEqual(150);
      const leak = devices.find((d) => d.kind === 'water_leak')!;
      const [{ id }] = await t.database.query<{ id: string }>('SELECT id FROM devices WHERE serial = $1', [leak.serial]);
      const alerts = await until(
        () => t.database.query<{ status: string; ticket_state: string; ticket_id: string | null; resolution: string | null }>('SELECT status, ticket_state, ticket_id, resolution FROM device_alerts WHERE device_id = $1', [id]),
        (a) => a.length === 1 && a[0].status === 'resolved' && a[0].ticket_state === 'opened',
      );
      expect(alerts).toEqual([expect.objectContaining({ status: 'resolved', resolution: 'device_normal', ticket_state: 'opened' })]);
      const [ticket] = await t.database.query<{ channel: string; status: string }>('SELECT channel, status FROM tickets WHERE id = $1', [alerts[0].ticket_id]);
      expect(ticket.channel).toBe('device');
      expect(ticket.status).not.toBe('closed');
      expect(consumer.status().invalid - invalidBefore).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
