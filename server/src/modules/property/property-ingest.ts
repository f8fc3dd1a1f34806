/**
 * Taking messages in (MQTT and webhook alike), a batch at a time in one transaction: validate per
 * kind, drop duplicates by message id, store telemetry, update the device, evaluate its rules, open
 * and resolve alerts. Invalid messages are stored with the reason and counted; nothing a device
 * sends can throw out of here. Tickets for alerts that need work are opened right after the commit.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db.js';
import { announce } from '../../platform/bus.js';
import type { DeviceKind } from '../../../../contracts/property.js';
import { DEVICE_KINDS } from '../../../../contracts/property.js';
import { parsePayload, type Reading } from './property-payloads.js';
import { evaluateReading, type ActiveAlert, type RuleDef } from './property-rules.js';
import { ensurePartitions, insertTelemetry } from './property-telemetry.js';
import { openPendingTickets } from './property-alerts.service.js';

export interface Incoming {
  source: 'mqtt' | 'webhook';
  topic: string | null;
  serial: string;
  /** From the topic (MQTT); the webhook takes the device's own. */
  kind: string | null;
  county: string | null;
  payload: Buffer | string;
}

export type Outcome = { status: 'accepted'; alertsRaised: number } | { status: 'duplicate' } | { status: 'invalid'; reason: string };

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
}

const CACHE_MS = 5_000;

/** One per process and database: caches devices and rules for a few seconds (edits through this process clear them at once). */
export class Ingestor {
  readonly counters: IngestCounters = { received: 0, processed: 0, duplicates: 0, invalid: 0, alertsRaised: 0, suppressed: 0 };
  private devices = new Map<string, { row: DeviceRow | null; at: number }>();
  private rules: { list: RuleDef[]; at: number } | null = null;
  private tickets: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly onError: (e: unknown, what: string) => void = () => undefined,
  ) {}

  /** Forget cached devices and rules (after an edit). */
  invalidate() {
    this.devices.clear();
    this.rules = null;
  }

  /** Tickets being opened for the last batches; tests and shutdown wait on it. */
  settled(): Promise<void> {
    return this.tickets;
  }

  private async loadDevices(serials: string[]): Promise<Map<string, DeviceRow | null>> {
    const now = Date.now();
    const out = new Map<string, DeviceRow | null>();
    const missing: string[] = [];
    for (const s of new Set(serials)) {
      const c = this.devices.get(s);
      if (c && now - c.at < CACHE_MS) out.set(s, c.row);
      else missing.push(s);
    }
    if (missing.length) {
      const found = await rows<DeviceRow>(
        this.db,
        sql`SELECT id, serial, kind, name, place_code, compound_code, county_code, install_place, enabled FROM devices WHERE serial IN (${sql.join(missing.map((s) => sql`${s}`), sql`, `)})`,
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
    return list;
  }

  /** Takes a batch in; resolves once it is committed (then the broker may be acknowledged). */
  async ingest(items: Incoming[]): Promise<Outcome[]> {
    this.counters.received += items.length;
    const outcomes: Outcome[] = new Array(items.length);
    const devices = await this.loadDevices(items.map((i) => i.serial));
    const invalid: Array<{ i: number; reason: string; device: DeviceRow | null }> = [];
    const good: Array<{ i: number; device: DeviceRow; reading: Reading }> = [];
    const seen = new Set<string>();
    const now = Date.now();
    items.forEach((item, i) => {
      const device = devices.get(item.serial) ?? null;
      const bad = (reason: string) => invalid.push({ i, reason, device });
      if (!device) return bad(`device: unknown device ${item.serial}`);
      if (!device.enabled) return bad('device: disabled');
      if (item.county !== null && item.county !== device.county_code) return bad(`topic: county ${item.county} is not the device's county ${device.county_code}`);
      if (item.kind !== null && item.kind !== device.kind) {
        return bad(DEVICE_KINDS.includes(item.kind as DeviceKind) ? `topic: kind ${item.kind} is not the device's kind ${device.kind}` : `topic: unknown kind ${item.kind}`);
      }
      const parsed = parsePayload(device.kind, item.payload, now);
      if (!parsed.ok) return bad(parsed.reason);
      const key = `${device.id}|${parsed.reading.messageId}`;
      if (seen.has(key)) {
        outcomes[i] = { status: 'duplicate' };
        return;
      }
      seen.add(key);
      good.push({ i, device, reading: parsed.reading });
    });
    for (const b of invalid) outcomes[b.i] = { status: 'invalid', reason: b.reason };

    const rules = good.length ? await this.loadRules() : [];
    await ensurePartitions(this.db);
    let raisedIds: string[] = [];
    await this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      if (invalid.length) {
        const values = invalid.map(({ i, reason, device }) => {
          const item = items[i];
          const county = device?.county_code ?? (item.county && /^\d{6}$/.test(item.county) ? item.county : '000000');
          const payload = (typeof item.payload === 'string' ? item.payload : item.payload.toString('utf8')).replaceAll('\u0000', '').slice(0, 4000);
          return sql`(${item.source}, ${item.topic}, ${item.serial.slice(0, 100)}, ${device?.compound_code ?? county}, ${county}, ${reason.slice(0, 500)}, ${payload})`;
        });
        await tx.execute(sql`INSERT INTO device_invalid_messages (source, topic, serial, place_code, county_code, reason, payload) VALUES ${sql.join(values, sql`, `)}`);
      }
      if (!good.length) return;
      const fresh = await rows<{ device_id: string; message_id: string }>(
        tx,
        sql`INSERT INTO device_message_ids (device_id, message_id) VALUES ${sql.join(
          good.map((g) => sql`(${g.device.id}::uuid, ${g.reading.messageId})`),
          sql`, `,
        )} ON CONFLICT DO NOTHING RETURNING device_id, message_id`,
      );
      const isNew = new Set(fresh.map((f) => `${f.device_id}|${f.message_id}`));
      const taken = good.filter((g) => isNew.has(`${g.device.id}|${g.reading.messageId}`));
      for (const g of good) if (!isNew.has(`${g.device.id}|${g.reading.messageId}`)) outcomes[g.i] = { status: 'duplicate' };
      if (!taken.length) return;
      taken.sort((a, b) => a.reading.at.getTime() - b.reading.at.getTime());

      const readings = taken.filter((g) => !g.reading.heartbeat);
      await insertTelemetry(
        tx,
        readings.map((g) => ({ deviceId: g.device.id, at: g.reading.at, messageId: g.reading.messageId, value: g.reading.value, state: g.reading.state, alarm: false })),
      );

      const deviceIds = [...new Set(taken.map((g) => g.device.id))];
      const activeRows = await rows<ActiveAlert & { rule_id: string; device_id: string }>(
        tx,
        sql`SELECT id, rule_id, device_id, status FROM device_alerts WHERE status <> 'resolved' AND device_id IN (${sql.join(deviceIds.map((d) => sql`${d}::uuid`), sql`, `)})`,
      );
      const active = new Map<string, Map<string, ActiveAlert>>();
      for (const a of activeRows) {
        const m = active.get(a.device_id) ?? new Map<string, ActiveAlert>();
        m.set(a.rule_id, { id: a.id, ruleId: a.rule_id, deviceId: a.device_id, status: a.status });
        active.set(a.device_id, m);
      }
      const raises: Array<{ g: (typeof taken)[number]; rule: RuleDef; detail: string; occurrences: number }> = [];
      const resolves = new Map<string, { deviceId: string }>();
      const repeats = new Map<string, number>();
      for (const g of taken) {
        const mine = active.get(g.device.id) ?? new Map<string, ActiveAlert>();
        active.set(g.device.id, mine);
        const facts = { id: g.device.id, name: g.device.name, kind: g.device.kind, placeCode: g.device.place_code };
        for (const d of evaluateReading(facts, g.reading, rules, mine)) {
          if (d.action === 'raise') {
            raises.push({ g, rule: d.rule, detail: d.detail, occurrences: 1 });
            mine.set(d.rule.id, { id: 'new', ruleId: d.rule.id, deviceId: g.device.id, status: 'open' });
          } else if (d.action === 'resolve') {
            if (d.alertId !== 'new') resolves.set(d.alertId, { deviceId: g.device.id });
            else raises.splice(raises.findIndex((r) => r.g.device.id === g.device.id && r.rule.id === d.rule.id), 1);
            mine.delete(d.rule.id);
          } else if (d.alertId !== 'new') repeats.set(d.alertId, (repeats.get(d.alertId) ?? 0) + 1);
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
          sql`SELECT device_id, rule_id, max(opened_at) AS opened_at FROM device_alerts WHERE (device_id, rule_id) IN (${sql.join(
            cooling.map((r) => sql`(${r.g.device.id}::uuid, ${r.rule.id}::uuid)`),
            sql`, `,
          )}) GROUP BY device_id, rule_id`,
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
      if (kept.length) {
        const values = kept.map(({ g, rule, detail, occurrences }) => {
          const title = `${g.device.name} ${rule.name}`;
          return sql`(${g.device.id}::uuid, ${rule.id}::uuid, ${g.device.place_code}, ${g.device.compound_code}, ${g.device.county_code}, ${rule.severity}, ${title}, ${`${g.device.install_place}：${detail}`}, ${g.reading.value}::double precision, ${g.reading.state}, ${rule.opensTicket ? 'pending' : 'none'}, ${occurrences})`;
        });
        const inserted = await rows<{ id: string; device_id: string; place_code: string; county_code: string; severity: string }>(
          tx,
          sql`INSERT INTO device_alerts (device_id, rule_id, place_code, compound_code, county_code, severity, title, detail, value, state, ticket_state, occurrences) VALUES ${sql.join(values, sql`, `)}
              ON CONFLICT (device_id, rule_id) WHERE status <> 'resolved' DO NOTHING RETURNING id, device_id, place_code, county_code, severity`,
        );
        raisedIds = inserted.map((x) => x.id);
        this.counters.alertsRaised += inserted.length;
        for (const a of inserted) {
          await announce(tx, { type: 'property.alert', status: 'open', alertId: a.id, deviceId: a.device_id, severity: a.severity, placeCode: a.place_code, countyCode: a.county_code });
        }
        for (const { g } of kept) if (outcomes[g.i]?.status !== 'duplicate') outcomes[g.i] = { status: 'accepted', alertsRaised: 1 };
      }
      if (resolves.size) {
        const done = await rows<{ id: string; device_id: string; place_code: string; county_code: string; severity: string }>(
          tx,
          sql`UPDATE device_alerts SET status = 'resolved', resolved_at = now(), resolution = 'device_normal', last_at = now()
              WHERE status <> 'resolved' AND id IN (${sql.join([...resolves.keys()].map((id) => sql`${id}::uuid`), sql`, `)})
              RETURNING id, device_id, place_code, county_code, severity`,
        );
        for (const a of done) {
          await announce(tx, { type: 'property.alert', status: 'resolved', alertId: a.id, deviceId: a.device_id, severity: a.severity, placeCode: a.place_code, countyCode: a.county_code });
        }
      }
      for (const [id, n] of repeats) await tx.execute(sql`UPDATE device_alerts SET occurrences = occurrences + ${n}, last_at = now() WHERE id = ${id}`);

      // The device: last seen, last reading, and its status from what is active now.
      const last = new Map<string, (typeof taken)[number]>();
      const lastReading = new Map<string, (typeof taken)[number]>();
      for (const g of taken) {
        last.set(g.device.id, g);
        if (!g.reading.heartbeat) lastReading.set(g.device.id, g);
      }
      const updates = [...last.values()].map((g) => {
        const r = lastReading.get(g.device.id)?.reading ?? null;
        const alarm = [...(active.get(g.device.id)?.values() ?? [])].some((a) => rules.find((x) => x.id === a.ruleId)?.type !== 'offline');
        return sql`(${g.device.id}::uuid, ${r !== null}::boolean, ${r?.value ?? null}::double precision, ${r?.state ?? null}::text, ${alarm ? 'alarm' : 'normal'}::text)`;
      });
      const changed = await rows<{ id: string; status: string; old_status: string; place_code: string; county_code: string }>(
        tx,
        sql`WITH v(id, has_reading, value, state, status) AS (VALUES ${sql.join(updates, sql`, `)}),
                 old AS (SELECT d.id, d.status FROM devices d JOIN v ON v.id = d.id)
            UPDATE devices d SET last_seen_at = now(), status = v.status,
                   last_value = CASE WHEN v.has_reading THEN v.value ELSE d.last_value END,
                   last_state = CASE WHEN v.has_reading THEN v.state ELSE d.last_state END
            FROM v, old WHERE d.id = v.id AND old.id = d.id
            RETURNING d.id, d.status, old.status AS old_status, d.place_code, d.county_code`,
      );
      for (const c of changed) {
        if (c.status !== c.old_status) await announce(tx, { type: 'property.device', status: c.status, deviceId: c.id, placeCode: c.place_code, countyCode: c.county_code });
      }
      for (const g of taken) if (!outcomes[g.i]) outcomes[g.i] = { status: 'accepted', alertsRaised: 0 };
    });
    for (const o of outcomes) {
      if (!o) continue;
      if (o.status === 'accepted') this.counters.processed++;
      else if (o.status === 'duplicate') this.counters.duplicates++;
      else this.counters.invalid++;
    }
    if (raisedIds.length) this.openTickets();
    return outcomes;
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
