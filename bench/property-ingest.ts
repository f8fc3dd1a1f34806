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
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/linli_bench_property npx tsx bench/property-ingest.ts [--messages 40000] [--seconds 30] [--connections 8] [--profile file]
 * Each run prints the CPU it cost a message in this process (publisher included), in PostgreSQL (this
 * database's backends and the WAL writer) and in the broker; `--profile` writes a CPU profile of this
 * process during Linli's runs (the last run to the file, the earlier ones to file.1, file.2, …).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpuMsOf, pidsNamed } from './support/cpu.js';
import { Session, type Profiler } from 'node:inspector/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { openPostgres } from '../server/src/platform/db.js';
import { migrate } from '../server/src/platform/migrate.js';
import { PersonalDataCipher } from '../server/src/platform/crypto.js';
import { seedDemoCity } from '../server/src/seed/demo-city.js';
import { startConsumer } from '../server/src/modules/property/property-mqtt.js';
import { readingFor } from '../server/src/modules/property/property-simulate.js';
import type { DeviceKind } from '../contracts/property.js';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '40000' }, seconds: { type: 'string', default: '30' }, connections: { type: 'string', default: '8' }, lanes: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' }, broker: { type: 'string' }, profile: { type: 'string' } },
});
const N = Number(values.messages);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const LANES = values.lanes.split(',').map(Number);
const ROUNDS = Number(values.rounds);
const BROKER = values.broker ?? process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
/** `--profile <file>`: a CPU profile of this process during Linli's runs only (not the bare runs nor the latency phase). */
const PROFILE = values.profile;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a database of its own)');
  process.exit(2);
}
const run = randomBytes(3).toString('hex');
const database = await openPostgres(url, 12);
const q = database.query.bind(database);
await migrate(database);

/**
 * CPU time (ms) of other processes on this machine, from /proc (Linux; 0 elsewhere): the broker, and
 * PostgreSQL's backends serving this database (the server is shared with other databases, so not all
 * of it) plus its WAL writer, which every commit wakes.
 */
const brokerPids = pidsNamed(/^mosquitto /);
const walWriterPids = pidsNamed(/^postgres: .*walwriter/);
/** Starts counting; the returned function gives the broker's and PostgreSQL's CPU ms since (backends that started meanwhile count whole). */
async function otherCpu() {
  const backends = async () => (await q<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).map((r) => r.pid);
  const pg0 = new Map([...(await backends()), ...walWriterPids].map((pid) => [pid, cpuMsOf(pid)]));
  const broker0 = brokerPids.reduce((a, pid) => a + cpuMsOf(pid), 0);
  return async () => {
    const pids = new Set([...(await backends()), ...pg0.keys()]);
    return { broker: brokerPids.reduce((a, pid) => a + cpuMsOf(pid), 0) - broker0, postgres: [...pids].reduce((a, pid) => a + cpuMsOf(pid) - (pg0.get(pid) ?? 0), 0) };
  };
}
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
// Alerts a previous run left open (a door forced and never closed) would turn its door_forced into repeats.
await q("UPDATE device_alerts SET status = 'resolved', resolved_at = now(), resolution = 'manual' WHERE status <> 'resolved' AND device_id IN (SELECT id FROM devices WHERE serial LIKE 'BENCH-%')");
const [{ rules }] = await q<{ rules: number }>("SELECT count(*)::int AS rules FROM device_rules WHERE enabled AND place_code LIKE '140602%'");
console.log(`${devices.length} bench devices, ${rules} rules watching them, broker ${BROKER}, ${CONNECTIONS} consumer connections`);

const payloadOf = (d: (typeof devices)[number], seq: number, tag: string) => {
  const now = Date.now();
  const body = d.kind === 'access_control' ? { event: seq % 50 === 0 ? 'door_held_open' : 'access_granted', door: '南门' } : readingFor(d.kind, now, seq, false);
  return JSON.stringify({ id: `${run}-${tag}-${seq}`, ts: now, ...body });
};

/**
 * Publishes n messages as fast as the broker takes them (QoS 1, up to 500 publishes in flight) and
 * the subscriber keeps up: at most `window` published and not yet taken in. The broker holds at most
 * max_queued_messages (1,000 by default) per subscriber beyond its in-flight window and drops the
 * rest, so a publisher that runs ahead of a slower subscriber would measure the broker's drops, not
 * the subscriber's rate.
 */
async function publishAll(prefix: string, n: number, tag: string, taken: () => number, window: number) {
  const pub = await mqtt.connectAsync(BROKER, { clientId: `bench-pub-${tag}-${run}` });
  const t0 = performance.now();
  let inflight = 0;
  let freed: (() => void) | null = null;
  for (let i = 0; i < n; i++) {
    // Waits without spinning: the bench shares its process (and CPU) with the subscriber it measures.
    while (inflight >= 500) await new Promise<void>((r) => (freed = r));
    while (i - taken() >= window) await new Promise((r) => setTimeout(r, 1));
    const d = devices[i % devices.length];
    inflight++;
    pub.publish(`${prefix}/${d.county}/${d.serial}/${d.kind}`, payloadOf(d, i, tag), { qos: 1 }, () => {
      inflight--;
      const f = freed;
      freed = null;
      f?.();
    });
  }
  while (inflight > 0) await new Promise<void>((r) => (freed = r));
  const ms = performance.now() - t0;
  await pub.endAsync();
  return ms;
}

/** Waits until `taken()` reaches n or stops moving for 10 s; the time is until the last message taken. */
async function drained(n: number, taken: () => number, start: number) {
  let last = taken();
  let lastAt = performance.now();
  while (taken() < n && performance.now() - lastAt < 10_000) {
    await new Promise((r) => setTimeout(r, 5));
    if (taken() !== last) {
      last = taken();
      lastAt = performance.now();
    }
  }
  return { count: taken(), seconds: (lastAt - start) / 1000 };
}

/** CPU per message: this process (publisher and subscriber), PostgreSQL (this database's backends and the WAL writer), the broker. */
const cpuPerMessage = (own: NodeJS.CpuUsage, o: { broker: number; postgres: number }, n: number) =>
  `µs CPU a message: this process ${((own.user + own.system) / n).toFixed(0)} (publisher included), PostgreSQL ${((o.postgres * 1000) / n).toFixed(0)}, broker ${((o.broker * 1000) / n).toFixed(0)}`;

/** The broker to a bare subscriber: MQTT 5 like Linli's consumer, one connection, each message acknowledged at once. */
async function bareRun(tag: string) {
  const barePrefix = `bench-bare-${tag}-${run}`;
  const bare = await mqtt.connectAsync(BROKER, { clientId: `bench-bare-${tag}-${run}`, clean: true, protocolVersion: 5, properties: { receiveMaximum: 1000 } });
  let count = 0;
  bare.handleMessage = (_p, cb) => {
    count++;
    cb();
  };
  await bare.subscribeAsync(`${barePrefix}/+/+/+`, { qos: 1 });
  const cpu0 = process.cpuUsage();
  const others = await otherCpu();
  const start = performance.now();
  await publishAll(barePrefix, N, `bare-${tag}`, () => count, 1500);
  const r = await drained(N, () => count, start);
  const o = await others();
  const cpu = process.cpuUsage(cpu0);
  await bare.endAsync();
  console.log(`   broker → bare subscriber (${tag}): ${r.count} of ${N} in ${r.seconds.toFixed(2)} s = ${(r.count / r.seconds).toFixed(0)} msg/s (${cpuPerMessage(cpu, o, r.count)})`);
  return r.count / r.seconds;
}
/** Linli's consumer on the same traffic: validation, dedup, telemetry, device state, rules; each message acknowledged after its commit. */
async function linliRun(tag: string, lanes: number) {
  const prefix = `bench-linli-${tag}-${run}`;
  const consumer = startConsumer(database.db, { url: BROKER, topicPrefix: prefix, clientId: `bench-linli-${tag}-${run}`, connections: CONNECTIONS, lanes });
  await consumer.ready();
  const c0 = consumer.status();
  const batches0 = consumer.ingestor.counters.batches;
  // The counters themselves (status() builds an object per call; the publisher asks once per message).
  const counters = consumer.ingestor.counters;
  const taken = () => counters.processed + counters.duplicates + counters.invalid - (c0.processed + c0.duplicates + c0.invalid);
  if (profiler) await profiler.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const others = await otherCpu();
  const start = performance.now();
  await publishAll(prefix, N, `linli-${tag}`, taken, 1500 * CONNECTIONS);
  const l = await drained(N, taken, start);
  const o = await others();
  const cpu = process.cpuUsage(cpu0);
  if (profiler) profiles.push((await profiler.post('Profiler.stop')).profile);
  const s = consumer.status();
  const batches = consumer.ingestor.counters.batches - batches0;
  await consumer.stop();
  console.log(
    `   Linli, ${lanes} lane(s) (${tag}): ${l.count} of ${N} in ${l.seconds.toFixed(2)} s = ${(l.count / l.seconds).toFixed(0)} msg/s (invalid ${s.invalid - c0.invalid}, duplicates ${s.duplicates - c0.duplicates}; ${batches} commits, ${(l.count / Math.max(1, batches)).toFixed(0)} messages each; ${cpuPerMessage(cpu, o, l.count)})`,
  );
  return l.count / l.seconds;
}

const profiler = PROFILE ? new Session() : null;
const profiles: Profiler.Profile[] = [];
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
}

// 1–2. Rounds of: the bare subscriber, then Linli with each lane count. A round's ratio is Linli to
// the bare run just before it; the figure is the median over rounds (the machine's load moves).
console.log(`1–2. ${ROUNDS} round(s) of ${N} messages: the broker to a bare subscriber, then Linli's ingestion with rules`);
const ratios = new Map<number, number[]>(LANES.map((x) => [x, []]));
for (let r = 1; r <= ROUNDS; r++) {
  const bareRate = await bareRun(`r${r}`);
  for (const lanes of LANES) ratios.get(lanes)!.push((await linliRun(`r${r}l${lanes}`, lanes)) / bareRate);
  console.log(`   round ${r}: ${LANES.map((x) => `${x} lane(s) ${(ratios.get(x)!.at(-1)! * 100).toFixed(0)} %`).join(', ')} of the bare subscriber; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
if (profiler && PROFILE) {
  // The last round's run (the earlier ones warm up); one profile per Linli run is kept beside it.
  profiles.forEach((p, i) => writeFileSync(i === profiles.length - 1 ? PROFILE : `${PROFILE}.${i + 1}`, JSON.stringify(p)));
  profiler.disconnect();
}
for (const lanes of LANES) console.log(`2. Linli ingestion with rules, ${lanes} lane(s): median ${(median(ratios.get(lanes)!) * 100).toFixed(0)} % of the bare subscriber (target ≥ 50 %)`);

// The consumer of the latency phase, with the default lanes.
const prefix = `bench-linli-${run}`;
const consumer = startConsumer(database.db, { url: BROKER, topicPrefix: prefix, clientId: `bench-linli-${run}`, connections: CONNECTIONS });
await consumer.ready();
const s2 = consumer.status();

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
