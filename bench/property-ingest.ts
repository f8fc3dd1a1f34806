/**
 * Smart-property ingestion against the real MQTT broker (issue 8), on PostgreSQL:
 *  1. the broker's own throughput to a bare subscriber (QoS 1, acknowledged at once, nothing stored);
 *  2. Linli's consumer on the same traffic in the same run: validation, dedup by message id, telemetry,
 *     device state and every rule evaluated, each message acknowledged only after its batch commits —
 *     target at least 50 % of (1);
 *  3. alert latency at 1,000 messages/s: the time from publishing a `door_forced` event to its alert
 *     row committed (seen as the alert's pg_notify on the bus), p50/p99 — target p99 under 500 ms.
 * On a database of its own (it adds 1,000 devices and their rules):
 *   createdb -h 127.0.0.1 -U postgres linli_bench_property
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/linli_bench_property npx tsx bench/property-ingest.ts [--messages 40000] [--seconds 30] [--connections 8]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { openPostgres } from '../server/src/platform/db.js';
import { migrate } from '../server/src/platform/migrate.js';
import { PersonalDataCipher } from '../server/src/platform/crypto.js';
import { seedDemoCity } from '../server/src/seed/demo-city.js';
import { startConsumer } from '../server/src/modules/property/property-mqtt.js';
import { readingFor } from '../server/src/modules/property/property-simulate.js';
import type { DeviceKind } from '../contracts/property.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '40000' }, seconds: { type: 'string', default: '30' }, connections: { type: 'string', default: '8' }, broker: { type: 'string' } } });
const N = Number(values.messages);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const BROKER = values.broker ?? process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a database of its own)');
  process.exit(2);
}
const run = randomBytes(3).toString('hex');
const database = await openPostgres(url, 12);
const q = database.query.bind(database);
await migrate(database);
const cipher = new PersonalDataCipher({ id: 'bench', key: randomBytes(32) });
if (!(await q<{ n: number }>('SELECT count(*)::int AS n FROM places'))[0].n) await seedDemoCity(database.db, cipher);

// 1,000 devices over the demo compounds: tanks, meters, smoke and access control, with the demo rules (community-wide) watching them.
const compounds = (await q<{ code: string }>("SELECT code FROM places WHERE level = 'compound' AND code LIKE '140602%' ORDER BY code")).map((r) => r.code);
const KINDS: DeviceKind[] = ['water_tank', 'power_meter', 'smoke', 'access_control'];
const devices: Array<{ serial: string; kind: DeviceKind; county: string; compound: string }> = [];
for (let i = 0; i < 1000; i++) devices.push({ serial: `BENCH-${String(i).padStart(4, '0')}`, kind: KINDS[i % 4], county: '140602', compound: compounds[i % compounds.length] });
await q(
  `INSERT INTO devices (serial, kind, name, place_code, compound_code, county_code, owner, install_place, secret_enc)
   SELECT s, k, s, c, c, '140602', 'bench', 'bench', 'x' FROM unnest($1::text[], $2::text[], $3::text[]) AS t(s, k, c) ON CONFLICT (serial) DO NOTHING`,
  [devices.map((d) => d.serial), devices.map((d) => d.kind), devices.map((d) => d.compound)],
);
// An event rule with no cooldown, so every door_forced of the latency phase opens an alert (door_closed resolves it).
const community = compounds[0].slice(0, 12);
await q(
  `INSERT INTO device_rules (place_code, county_code, kind, type, name, params, severity, cooldown_seconds)
   SELECT $1, '140602', 'access_control', 'event', 'bench: door forced', '{"events":["door_forced"],"clearEvents":["door_closed"]}'::jsonb, 'warning', 0
   WHERE NOT EXISTS (SELECT 1 FROM device_rules WHERE name = 'bench: door forced')`,
  [community],
);
const [{ rules }] = await q<{ rules: number }>("SELECT count(*)::int AS rules FROM device_rules WHERE enabled AND place_code LIKE '140602%'");
console.log(`${devices.length} bench devices, ${rules} rules watching them, broker ${BROKER}, ${CONNECTIONS} consumer connections`);

const payloadOf = (d: (typeof devices)[number], seq: number) => {
  const now = Date.now();
  const body = d.kind === 'access_control' ? { event: seq % 50 === 0 ? 'door_held_open' : 'access_granted', door: '南门' } : readingFor(d.kind, now, seq, false);
  return JSON.stringify({ id: `${run}-${seq}`, ts: now, ...body });
};

/** Publishes n messages as fast as the broker takes them (QoS 1, a window of in-flight publishes). */
async function publishAll(prefix: string, n: number, tag: string) {
  const pub = await mqtt.connectAsync(BROKER, { clientId: `bench-pub-${tag}-${run}` });
  const t0 = performance.now();
  let inflight = 0;
  for (let i = 0; i < n; i++) {
    while (inflight >= 500) await new Promise((r) => setImmediate(r));
    const d = devices[i % devices.length];
    inflight++;
    pub.publish(`${prefix}/${d.county}/${d.serial}/${d.kind}`, payloadOf(d, i), { qos: 1 }, () => inflight--);
  }
  while (inflight > 0) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - t0;
  await pub.endAsync();
  return ms;
}

// 1. The broker to a bare subscriber.
const barePrefix = `bench-bare-${run}`;
const bare = await mqtt.connectAsync(BROKER, { clientId: `bench-bare-${run}`, clean: false });
let bareCount = 0;
let bareFirst = 0;
let bareLast = 0;
bare.handleMessage = (_p, cb) => {
  if (!bareCount) bareFirst = performance.now();
  bareCount++;
  bareLast = performance.now();
  cb();
};
await bare.subscribeAsync(`${barePrefix}/+/+/+`, { qos: 1 });
const bareStart = performance.now();
await publishAll(barePrefix, N, 'bare');
while (bareCount < N && performance.now() - bareLast < 5000) await new Promise((r) => setTimeout(r, 20));
const bareRate = bareCount / ((bareLast - bareStart) / 1000);
console.log(`1. broker → bare subscriber: ${bareCount} of ${N} in ${((bareLast - bareStart) / 1000).toFixed(2)} s = ${bareRate.toFixed(0)} msg/s (first after ${(bareFirst - bareStart).toFixed(0)} ms)`);
await bare.endAsync();

// 2. Linli's consumer, rules evaluated, on the same traffic.
const prefix = `bench-linli-${run}`;
const consumer = startConsumer(database.db, { url: BROKER, topicPrefix: prefix, clientId: `bench-linli-${run}`, connections: CONNECTIONS });
await consumer.ready();
const c0 = consumer.status();
const linliStart = performance.now();
await publishAll(prefix, N, 'linli');
const done = () => {
  const s = consumer.status();
  return s.processed + s.duplicates + s.invalid - (c0.processed + c0.duplicates + c0.invalid);
};
let lastDone = 0;
let lastChange = performance.now();
while (done() < N && performance.now() - lastChange < 10_000) {
  await new Promise((r) => setTimeout(r, 10));
  if (done() !== lastDone) {
    lastDone = done();
    lastChange = performance.now();
  }
}
const linliMs = performance.now() - linliStart;
const linliRate = done() / (linliMs / 1000);
const s2 = consumer.status();
console.log(
  `2. Linli ingestion with rules: ${done()} of ${N} in ${(linliMs / 1000).toFixed(2)} s = ${linliRate.toFixed(0)} msg/s (invalid ${s2.invalid - c0.invalid}, duplicates ${s2.duplicates - c0.duplicates})`,
);
console.log(`   ratio to the bare subscriber: ${((linliRate / bareRate) * 100).toFixed(0)} % (target ≥ 50 %)`);

// 3. Alert latency at 1,000 msg/s: a fifth of the traffic is access control alternating door_forced / door_closed.
const idOf = new Map((await q<{ id: string; serial: string }>("SELECT id, serial FROM devices WHERE serial LIKE 'BENCH-%'")).map((r) => [r.id, r.serial]));
const pending = new Map<string, number[]>();
const latencies: number[] = [];
const stopListen = await database.listen('linli_events', (payload) => {
  const e = JSON.parse(payload) as { type: string; status?: string; deviceId?: string };
  if (e.type !== 'property.alert' || e.status !== 'open' || !e.deviceId) return;
  const serial = idOf.get(e.deviceId);
  const t = serial ? pending.get(serial)?.shift() : undefined;
  if (t !== undefined) latencies.push(Date.now() - t);
});
const doors = devices.filter((d) => d.kind === 'access_control').slice(0, 200);
const others = devices.filter((d) => d.kind !== 'access_control');
const pub = await mqtt.connectAsync(BROKER, { clientId: `bench-lat-${run}` });
let seq = 10_000_000;
let forced = 0;
const phase = new Map<string, boolean>();
const t3 = Date.now();
await new Promise<void>((resolve) => {
  let owed = 0;
  let last = Date.now();
  let i = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - t3 >= SECONDS * 1000) {
      clearInterval(timer);
      resolve();
      return;
    }
    owed += ((now - last) / 1000) * 1000;
    last = now;
    while (owed >= 1) {
      owed--;
      i++;
      if (i % 5 === 0) {
        const d = doors[(i / 5) % doors.length];
        const isForced = !phase.get(d.serial);
        phase.set(d.serial, isForced);
        const id = `${run}-lat-${seq++}`;
        if (isForced) {
          forced++;
          const list = pending.get(d.serial) ?? [];
          list.push(now);
          pending.set(d.serial, list);
        }
        pub.publish(`${prefix}/${d.county}/${d.serial}/access_control`, JSON.stringify({ id, ts: now, event: isForced ? 'door_forced' : 'door_closed' }), { qos: 1 });
      } else {
        const d = others[i % others.length];
        pub.publish(`${prefix}/${d.county}/${d.serial}/${d.kind}`, JSON.stringify({ id: `${run}-lat-${seq++}`, ts: now, ...readingFor(d.kind, now, seq, false) }), { qos: 1 });
      }
    }
  }, 5);
});
const sentAt = Date.now();
while (latencies.length < forced && Date.now() - sentAt < 10_000) await new Promise((r) => setTimeout(r, 50));
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const s3 = consumer.status();
console.log(
  `3. alert latency at 1,000 msg/s for ${SECONDS} s (${((s3.processed - s2.processed) / SECONDS).toFixed(0)} msg/s taken in): ${latencies.length} alerts of ${forced} door_forced events; p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)} ms (target p99 < 500 ms)`,
);
await pub.endAsync();
await stopListen();
await consumer.stop();
await database.close();
process.exit(0);
