/**
 * Taking messages in (MQTT and webhook alike), a batch at a time in one transaction: validate per
 * kind, store telemetry and drop duplicates (by message id and reading time), update the device, evaluate its rules, open
 * and resolve alerts. Invalid messages are stored with the reason and counted; nothing a device
 * sends can throw out of here. Tickets for alerts that need work are opened right after the commit.
 */
import { sql } from 'drizzle-orm';
import { rows, textArray, valueArray, type Db } from '../../platform/db.js';
import { BUS_CHANNEL, type BusEvent } from '../../platform/bus.js';
import type { DeviceKind } from '../../../../contracts/property.js';
import { isDeviceKind, parsePayload, type Parsed, type Reading } from './property-payloads.js';
import { evaluateReading, rulesFor, type ActiveAlert, type RuleDef } from './property-rules.js';
import { ensurePartitions } from './property-telemetry.js';
import { openPendingTickets } from './property-alerts.service.js';

export interface Incoming {
  source: 'mqtt' | 'webhook';
  topic: string | null;
  serial: string;
  /** From the topic (MQTT); the webhook takes the device's own. */
  kind: string | null;
  county: string | null;
  payload: Buffer | string;
  /** The payload parsed on arrival with `kind` (the MQTT consumer does, while earlier batches commit); used only if that is the device's kind. */
  parsed?: Parsed;
}

export type Outcome = { status: 'accepted'; alertsRaised: number } | { status: 'duplicate' } | { status: 'invalid'; reason: string };
/** The outcomes of most messages, shared (read-only). */
const ACCEPTED: Outcome = Object.freeze({ status: 'accepted', alertsRaised: 0 });
const RAISED: Outcome = Object.freeze({ status: 'accepted', alertsRaised: 1 });
const DUPLICATE: Outcome = Object.freeze({ status: 'duplicate' });

interface DeviceRow {
  id: string;
  serial: string;
  kind: DeviceKind;
  name: string;
  place_code: string;
  compound_code: string;
  county_code: string;
  install_place: string;
  enabled: boolean;
}

export interface IngestCounters {
  received: number;
  processed: number;
  duplicates: number;
  invalid: number;
  alertsRaised: number;
  suppressed: number;
  /** Transactions committed (batches). */
  batches: number;
}

const CACHE_MS = 5_000;

/**
 * Devices are ingested under striped locks: a transaction takes the advisory locks of its devices'
 * stripes (pg_advisory_xact_lock(INGEST_LOCK, stripe)) before it reads their state, so batches of one
 * device are taken in one after another, whichever process or channel they come by, while batches of
 * other stripes go side by side. Cheaper than row locks (nothing written) and few per batch.
 */
export const INGEST_STRIPES = 64;
const INGEST_LOCK = 0x6c6c6970;

/** The stripe of a device (by its serial, known before the device is looked up: the MQTT consumer's lanes use it too). */
export function stripeOf(serial: string): number {
  let h = 0;
  for (let i = 0; i < serial.length; i++) h = (h * 31 + serial.charCodeAt(i)) | 0;
  return (h >>> 0) % INGEST_STRIPES;
}

interface Good {
  i: number;
  device: DeviceRow;
  /** The device's place (from 1) in the batch's list of device ids (statements send an index per message, not the id). */
  d: number;
  reading: Reading;
}

/** Why a message of a known device is refused before its payload is read, if it is. */
function refusal(item: Incoming, device: DeviceRow): string | null {
  if (!device.enabled) return 'device: disabled';
  if (item.county !== null && item.county !== device.county_code) return `topic: county ${item.county} is not the device's county ${device.county_code}`;
  if (item.kind !== null && item.kind !== device.kind) {
    return isDeviceKind(item.kind) ? `topic: kind ${item.kind} is not the device's kind ${device.kind}` : `topic: unknown kind ${item.kind}`;
  }
  return null;
}

/** One per process and database: caches devices and rules for a few seconds (edits through this process clear them at once). */
export class Ingestor {
  readonly counters: IngestCounters = { received: 0, processed: 0, duplicates: 0, invalid: 0, alertsRaised: 0, suppressed: 0, batches: 0 };
  private devices = new Map<string, { row: DeviceRow | null; at: number }>();
  private rules: { list: RuleDef[]; at: number } | null = null;
  private ruleById = new Map<string, RuleDef>();
  /** Each device's rules out of `rules` (cleared with them). */
  private deviceRules = new Map<string, RuleDef[]>();
  private tickets: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly onError: (e: unknown, what: string) => void = () => undefined,
  ) {}

  /** Forget cached devices and rules (after an edit). */
  invalidate() {
    this.devices.clear();
    this.rules = null;
    this.deviceRules.clear();
  }

  /** Tickets being opened for the last batches; tests and shutdown wait on it. */
  settled(): Promise<void> {
    return this.tickets;
  }

  private async loadDevices(items: Incoming[]): Promise<Map<string, DeviceRow | null>> {
    const now = Date.now();
    const out = new Map<string, DeviceRow | null>();
    const missing = new Set<string>();
    for (const { serial: s } of items) {
      if (out.has(s)) continue;
      const c = this.devices.get(s);
      if (c && now - c.at < CACHE_MS) out.set(s, c.row);
      else missing.add(s);
    }
    if (missing.size) {
      const found = await rows<DeviceRow>(
        this.db,
        sql`SELECT id, serial, kind, name, place_code, compound_code, county_code, install_place, enabled FROM devices WHERE serial IN (${sql.join([...missing].map((s) => sql`${s}`), sql`, `)})`,
      );
      const bySerial = new Map(found.map((d) => [d.serial, d]));
      for (const s of missing) {
        const row = bySerial.get(s) ?? null;
        this.devices.set(s, { row, at: now });
        out.set(s, row);
      }
    }
    return out;
  }

  private async loadRules(): Promise<RuleDef[]> {
    if (this.rules && Date.now() - this.rules.at < CACHE_MS) return this.rules.list;
    const list = await rows<RuleDef>(
      this.db,
      sql`SELECT id, place_code AS "placeCode", kind, type, name, params, severity, cooldown_seconds AS "cooldownSeconds", opens_ticket AS "opensTicket", category_code AS "categoryCode", urgency, enabled
          FROM device_rules WHERE enabled`,
    );
    this.rules = { list, at: Date.now() };
    this.ruleById = new Map(list.map((r) => [r.id, r]));
    this.deviceRules.clear();
    return list;
  }

  /** The enabled rules watching a device (cached with the rules). */
  private rulesOf(device: DeviceRow, rules: RuleDef[]): RuleDef[] {
    let mine = this.deviceRules.get(device.id);
    if (!mine) {
      mine = rulesFor({ id: device.id, name: device.name, kind: device.kind, placeCode: device.place_code }, rules);
      this.deviceRules.set(device.id, mine);
    }
    return mine;
  }

  /**
   * Takes a batch in; resolves once it is committed (then the broker may be acknowledged). One
   * transaction of three statements whatever the batch's size (more only for invalid messages and
   * cooldowns):
   *  1. the advisory locks of the batch's devices' stripes (two batches of one device, in this process
   *     or another, never evaluate rules on the same state);
   *  2. one statement storing the messages in telemetry, where the unique key (device, reading time,
   *     message id) skips those already taken in, and reading the devices' state and active alerts;
   *  3. rules evaluated here in memory, against the cached rules and that state, for the messages
   *     stored, each device's in the order of their own times; then one write: the alerts raised,
   *     repeated and resolved, one update per device and the bus messages.
   * A redelivery (MQTT or a webhook retry) carries the same id and reading time and is a duplicate; a
   * message with an id seen before but another time is a reading of its own (a device whose counter
   * started again). Duplicates are recognised for as long as telemetry is kept (its retention).
   * A reading older than the device's newest is stored but never becomes its last value (the update is
   * conditional on `last_reading_at`), and its rules treat it as stale (`evaluateReading`).
   */
  async ingest(items: Incoming[]): Promise<Outcome[]> {
    this.counters.received += items.length;
    const outcomes: Outcome[] = new Array(items.length);
    const devices = await this.loadDevices(items);
    const invalid: Array<{ i: number; reason: string; device: DeviceRow | null }> = [];
    const good: Good[] = [];
    /** The batch's devices: their ids in order, and each one's place (from 1) in that list. */
    const deviceIds: string[] = [];
    const placeOf = new Map<DeviceRow, number>();
    const seen = new Set<string>();
    const now = Date.now();
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const device = devices.get(item.serial) ?? null;
      const refused = device ? refusal(item, device) : `device: unknown device ${item.serial}`;
      if (refused !== null || device === null) {
        invalid.push({ i, reason: refused!, device });
        continue;
      }
      // Parsed on arrival with the topic's kind, which is the device's (or it was refused above).
      const parsed = item.parsed ?? parsePayload(device.kind, item.payload, now);
      if (!parsed.ok) {
        invalid.push({ i, reason: parsed.reason, device });
        continue;
      }
      const key = `${device.id}|${parsed.reading.at}|${parsed.reading.messageId}`;
      if (seen.has(key)) {
        outcomes[i] = DUPLICATE;
        continue;
      }
      seen.add(key);
      let d = placeOf.get(device);
      if (d === undefined) {
        d = deviceIds.push(device.id);
        placeOf.set(device, d);
      }
      good.push({ i, device, d, reading: parsed.reading });
    }
    for (const b of invalid) outcomes[b.i] = { status: 'invalid', reason: b.reason };

    const rules = good.length ? await this.loadRules() : [];
    await ensurePartitions(this.db);
    let raised = 0;
    await this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      if (invalid.length) await this.storeInvalid(tx, items, invalid);
      if (!good.length) return;

      // 1. The stripes, in order (no deadlock between batches).
      const stripes = [...new Set([...placeOf.keys()].map((d) => stripeOf(d.serial)))].sort((a, b) => a - b);
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${INGEST_LOCK}, s) FROM unnest(${sql.param(stripes)}::int[]) AS s`);

      // 2. The state as the last holder of the stripes committed it; the messages stored, those already there skipped.
      const ids = sql.param(textArray(deviceIds));
      const [state] = await rows<{ devices: Array<[string, string, string | null, Array<[string, string, string]>]>; seen: number[] | null }>(
        tx,
        sql`WITH b AS (SELECT ${ids}::uuid[] AS ids), m AS (
              SELECT b.ids[u.d] AS device_id, 'epoch'::timestamptz + u.at * interval '1 millisecond' AS at, u.message_id, u.value, u.state, u.heartbeat, u.n
              FROM b CROSS JOIN unnest(${valueArray(good.map((g) => g.d))}::int[], ${valueArray(good.map((g) => g.reading.at))}::int8[], ${textArray(good.map((g) => g.reading.messageId))}::text[],
                                       ${valueArray(good.map((g) => g.reading.value))}::float8[], ${textArray(good.map((g) => g.reading.state))}::text[], ${valueArray(good.map((g) => g.reading.heartbeat))}::boolean[])
                                 WITH ORDINALITY AS u(d, at, message_id, value, state, heartbeat, n)
            ), stored AS (
              INSERT INTO device_telemetry (device_id, at, message_id, value, state, heartbeat)
              SELECT device_id, at, message_id, value, state, heartbeat FROM m
              ON CONFLICT DO NOTHING
              RETURNING device_id, at, message_id
            )
            SELECT (SELECT json_agg(json_build_array(d.id, d.status, d.last_reading_at,
                      (SELECT coalesce(json_agg(json_build_array(a.id, a.rule_id, a.status)), '[]') FROM device_alerts a WHERE a.device_id = d.id AND a.status <> 'resolved')))
                    FROM b, devices d WHERE d.id = ANY(b.ids)) AS devices,
                   (SELECT json_agg(m.n) FROM m WHERE NOT EXISTS (SELECT FROM stored s WHERE s.device_id = m.device_id AND s.at = m.at AND s.message_id = m.message_id)) AS seen`,
      );
      const already = new Set(state.seen);
      const taken: Good[] = [];
      for (let n = 0; n < good.length; n++) {
        if (already.has(n + 1)) outcomes[good[n].i] = DUPLICATE;
        else taken.push(good[n]);
      }
      if (!taken.length) return;
      // A device's messages in the order of their own times (stable: a tie keeps the batch's order).
      taken.sort((a, b) => a.reading.at - b.reading.at);
      const active = new Map<string, Map<string, ActiveAlert>>();
      const lastAt = new Map<string, number>();
      const was = new Map<string, string>();
      for (const [id, status, last, alerts] of state.devices ?? []) {
        was.set(id, status);
        lastAt.set(id, last === null ? -Infinity : new Date(last).getTime());
        active.set(id, new Map(alerts.map(([alertId, ruleId, st]) => [ruleId, { id: alertId, ruleId, deviceId: id, status: st }])));
      }

      // 3. The rules, in memory.
      const newest = new Map<string, Good>();
      const raises: Array<{ g: Good; rule: RuleDef; detail: string; occurrences: number }> = [];
      const changes = new Map<string, { n: number; resolve: boolean }>();
      const change = (alertId: string) => changes.get(alertId) ?? changes.set(alertId, { n: 0, resolve: false }).get(alertId)!;
      for (const g of taken) {
        let mine = active.get(g.device.id);
        if (!mine) active.set(g.device.id, (mine = new Map<string, ActiveAlert>()));
        const at = g.reading.at;
        const stale = !g.reading.heartbeat && at < (lastAt.get(g.device.id) ?? -Infinity);
        if (!g.reading.heartbeat && !stale) {
          lastAt.set(g.device.id, at);
          newest.set(g.device.id, g);
        }
        for (const d of evaluateReading(g.reading, this.rulesOf(g.device, rules), mine, stale)) {
          if (d.action === 'raise') {
            raises.push({ g, rule: d.rule, detail: d.detail, occurrences: 1 });
            mine.set(d.rule.id, { id: 'new', ruleId: d.rule.id, deviceId: g.device.id, status: 'open' });
          } else if (d.action === 'resolve') {
            if (d.alertId !== 'new') change(d.alertId).resolve = true;
            else raises.splice(raises.findIndex((r) => r.g.device.id === g.device.id && r.rule.id === d.rule.id), 1);
            mine.delete(d.rule.id);
          } else if (d.alertId !== 'new') change(d.alertId).n++;
          else {
            const r = raises.find((x) => x.g.device.id === g.device.id && x.rule.id === d.rule.id);
            if (r) r.occurrences++;
          }
        }
      }

      // Cooldown: no new alert for a device and rule within its cooldown of the last one opened.
      const cooling = raises.filter((r) => r.rule.cooldownSeconds > 0);
      let kept = raises;
      if (cooling.length) {
        const last = await rows<{ device_id: string; rule_id: string; opened_at: Date | string }>(
          tx,
          sql`SELECT device_id, rule_id, max(opened_at) AS opened_at FROM device_alerts
              WHERE (device_id, rule_id) IN (SELECT * FROM unnest(${sql.param(cooling.map((r) => r.g.device.id))}::uuid[], ${sql.param(cooling.map((r) => r.rule.id))}::uuid[]))
              GROUP BY device_id, rule_id`,
        );
        const lastOf = new Map(last.map((l) => [`${l.device_id}|${l.rule_id}`, new Date(l.opened_at).getTime()]));
        kept = raises.filter((r) => {
          const t = lastOf.get(`${r.g.device.id}|${r.rule.id}`);
          const cool = t !== undefined && now - t < r.rule.cooldownSeconds * 1000;
          if (cool) {
            this.counters.suppressed++;
            active.get(r.g.device.id)?.delete(r.rule.id);
          }
          return !cool;
        });
      }

      // 4. One write.
      const touched = new Map<DeviceRow, string>();
      for (const g of taken) {
        if (touched.has(g.device)) continue;
        let alarm = false;
        for (const a of active.get(g.device.id)!.values()) if (this.ruleById.get(a.ruleId)?.type !== 'offline') alarm = true;
        touched.set(g.device, alarm ? 'alarm' : 'normal');
      }
      const at = new Date().toISOString();
      const deviceEvents = [...touched]
        .filter(([d, status]) => status !== was.get(d.id))
        .map(([d, status]) => JSON.stringify({ type: 'property.device', status, deviceId: d.id, placeCode: d.place_code, countyCode: d.county_code, at } satisfies BusEvent));
      const k = <T>(f: (r: (typeof kept)[number]) => T) => sql.param(kept.map(f));
      const dv = [...touched.keys()];
      const reading = (d: DeviceRow) => newest.get(d.id)?.reading ?? null;
      const alertEvent = (status: string) =>
        sql`json_build_object('type', 'property.alert', 'status', ${status}::text, 'alertId', id, 'deviceId', device_id, 'severity', severity, 'placeCode', place_code, 'countyCode', county_code, 'at', ${at}::text)::text`;
      const [written] = await rows<{ raised: Array<[string, string]> | null }>(
        tx,
        sql`WITH changed AS (
              UPDATE device_alerts a SET occurrences = a.occurrences + v.n, last_at = now(),
                     status = CASE WHEN v.resolve THEN 'resolved' ELSE a.status END,
                     resolved_at = CASE WHEN v.resolve THEN now() ELSE a.resolved_at END,
                     resolution = CASE WHEN v.resolve THEN 'device_normal' ELSE a.resolution END
              FROM unnest(${sql.param([...changes.keys()])}::uuid[], ${sql.param([...changes.values()].map((c) => c.n))}::int[], ${sql.param([...changes.values()].map((c) => c.resolve))}::boolean[]) AS v(id, n, resolve)
              WHERE a.id = v.id AND a.status <> 'resolved'
              RETURNING a.id, a.device_id, a.place_code, a.county_code, a.severity, v.resolve
            ), raised AS (
              INSERT INTO device_alerts (device_id, rule_id, place_code, compound_code, county_code, severity, title, detail, value, state, ticket_state, occurrences)
              SELECT * FROM unnest(${k((r) => r.g.device.id)}::uuid[], ${k((r) => r.rule.id)}::uuid[], ${k((r) => r.g.device.place_code)}::text[], ${k((r) => r.g.device.compound_code)}::text[],
                                   ${k((r) => r.g.device.county_code)}::text[], ${k((r) => r.rule.severity)}::text[], ${k((r) => `${r.g.device.name} ${r.rule.name}`)}::text[],
                                   ${k((r) => `${r.g.device.install_place}：${r.detail}`)}::text[], ${k((r) => r.g.reading.value)}::float8[], ${k((r) => r.g.reading.state)}::text[],
                                   ${k((r) => (r.rule.opensTicket ? 'pending' : 'none'))}::text[], ${k((r) => r.occurrences)}::int[])
              -- After the changes: an alert resolved here and raised again for the same rule must not meet its old self.
              WHERE (SELECT count(*) FROM changed) >= 0
              ON CONFLICT (device_id, rule_id) WHERE status <> 'resolved' DO NOTHING
              RETURNING id, device_id, rule_id, place_code, county_code, severity
            ), dev AS (
              UPDATE devices d SET last_seen_at = now(), status = v.status,
                     last_value = CASE WHEN v.at >= coalesce(d.last_reading_at, '-infinity') THEN v.value ELSE d.last_value END,
                     last_state = CASE WHEN v.at >= coalesce(d.last_reading_at, '-infinity') THEN v.state ELSE d.last_state END,
                     last_reading_at = CASE WHEN v.at >= coalesce(d.last_reading_at, '-infinity') THEN v.at ELSE d.last_reading_at END
              FROM (SELECT u.id, 'epoch'::timestamptz + u.at * interval '1 millisecond' AS at, u.value, u.state, u.status
                    FROM unnest(${textArray(dv.map((d) => d.id))}::uuid[], ${valueArray(dv.map((d) => reading(d)?.at ?? null))}::int8[], ${valueArray(dv.map((d) => reading(d)?.value ?? null))}::float8[],
                                ${textArray(dv.map((d) => reading(d)?.state ?? null))}::text[], ${textArray(dv.map((d) => touched.get(d)!))}::text[]) AS u(id, at, value, state, status)) AS v
              WHERE d.id = v.id
            ), bus AS (
              SELECT 1 AS o, ${alertEvent('open')} AS p FROM raised
              UNION ALL SELECT 2, ${alertEvent('resolved')} FROM changed WHERE resolve
              UNION ALL SELECT 3, p FROM unnest(${sql.param(deviceEvents)}::text[]) AS p
            )
            SELECT (SELECT json_agg(json_build_array(device_id, rule_id)) FROM raised) AS raised,
                   (SELECT count(*) FROM (SELECT pg_notify(${BUS_CHANNEL}, p) FROM bus ORDER BY o) n) AS notified`,
      );
      const byKey = new Map(kept.map((r) => [`${r.g.device.id}|${r.rule.id}`, r.g]));
      for (const [deviceId, ruleId] of written.raised ?? []) {
        raised++;
        const g = byKey.get(`${deviceId}|${ruleId}`);
        if (g) outcomes[g.i] = RAISED;
      }
      for (const g of taken) if (!outcomes[g.i]) outcomes[g.i] = ACCEPTED;
    });
    this.counters.batches++;
    this.counters.alertsRaised += raised;
    for (const o of outcomes) {
      if (!o) continue;
      if (o.status === 'accepted') this.counters.processed++;
      else if (o.status === 'duplicate') this.counters.duplicates++;
      else this.counters.invalid++;
    }
    if (raised) this.openTickets();
    return outcomes;
  }

  private async storeInvalid(tx: Db, items: Incoming[], invalid: Array<{ i: number; reason: string; device: DeviceRow | null }>) {
    const rowsOf = invalid.map(({ i, reason, device }) => {
      const item = items[i];
      const county = device?.county_code ?? (item.county && /^\d{6}$/.test(item.county) ? item.county : '000000');
      const payload = (typeof item.payload === 'string' ? item.payload : item.payload.toString('utf8')).replaceAll('\u0000', '').slice(0, 4000);
      return { source: item.source, topic: item.topic, serial: item.serial.slice(0, 100), place: device?.compound_code ?? county, county, reason: reason.slice(0, 500), payload };
    });
    const c = <T>(f: (r: (typeof rowsOf)[number]) => T) => sql.param(rowsOf.map(f));
    await tx.execute(
      sql`INSERT INTO device_invalid_messages (source, topic, serial, place_code, county_code, reason, payload)
          SELECT * FROM unnest(${c((r) => r.source)}::text[], ${c((r) => r.topic)}::text[], ${c((r) => r.serial)}::text[], ${c((r) => r.place)}::text[], ${c((r) => r.county)}::text[],
                               ${c((r) => r.reason)}::text[], ${c((r) => r.payload)}::text[])`,
    );
  }

  /** Opens the tickets of alerts that need one, one batch after another, off the ingestion path. */
  openTickets() {
    this.tickets = this.tickets.then(() => openPendingTickets(this.db).then(() => undefined)).catch((e) => this.onError(e, 'opening tickets for device alerts'));
  }
}

const ingestors = new WeakMap<Db, Ingestor>();

/** The process's one ingestor for a database (MQTT consumers and the webhook share its caches and counters). */
export function ingestorFor(db: Db, onError?: (e: unknown, what: string) => void): Ingestor {
  let i = ingestors.get(db);
  if (!i) {
    i = new Ingestor(db, onError);
    ingestors.set(db, i);
  }
  return i;
}
