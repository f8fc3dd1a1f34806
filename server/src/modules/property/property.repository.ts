/** SQL for devices, rules, alerts and invalid messages (ingestion's own batch SQL is in property-ingest.ts). */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db.js';

const under = (col: SQL, prefixes: string[]) => (prefixes.length ? sql`(${sql.join(prefixes.map((p) => sql`${col} LIKE ${p + '%'}`), sql` OR `)})` : sql`false`);

export interface DeviceRow {
  id: string;
  serial: string;
  kind: string;
  name: string;
  place_code: string;
  place_name: string;
  compound_code: string;
  county_code: string;
  owner: string;
  install_place: string;
  plan_x: number | null;
  plan_y: number | null;
  enabled: boolean;
  status: string;
  last_seen_at: Date | string | null;
  last_value: number | null;
  last_state: string | null;
  active_alerts: number;
  secret_enc: string;
}

const DEVICE_COLUMNS = sql`d.id, d.serial, d.kind, d.name, d.place_code, p.name AS place_name, d.compound_code, d.county_code, d.owner, d.install_place, d.plan_x, d.plan_y,
  d.enabled, d.status, d.last_seen_at, d.last_value, d.last_state, d.secret_enc,
  (SELECT count(*)::int FROM device_alerts a WHERE a.device_id = d.id AND a.status <> 'resolved') AS active_alerts`;

export async function findDevice(db: Db, id: string): Promise<DeviceRow | undefined> {
  const [r] = await rows<DeviceRow>(db, sql`SELECT ${DEVICE_COLUMNS} FROM devices d JOIN places p ON p.code = d.place_code WHERE d.id = ${id}`);
  return r;
}

export async function findDeviceBySerial(db: Db, serial: string): Promise<DeviceRow | undefined> {
  const [r] = await rows<DeviceRow>(db, sql`SELECT ${DEVICE_COLUMNS} FROM devices d JOIN places p ON p.code = d.place_code WHERE d.serial = ${serial}`);
  return r;
}

export function findDevicesUnder(db: Db, placeCode: string, scope: string[], filter: { kind?: string; status?: string }) {
  return rows<DeviceRow>(
    db,
    sql`SELECT ${DEVICE_COLUMNS} FROM devices d JOIN places p ON p.code = d.place_code
        WHERE d.place_code LIKE ${placeCode + '%'} AND ${under(sql`d.place_code`, scope)}
        ${filter.kind ? sql`AND d.kind = ${filter.kind}` : sql``} ${filter.status ? sql`AND d.status = ${filter.status}` : sql``}
        ORDER BY d.place_code, d.kind, d.serial LIMIT 2000`,
  );
}

export async function insertDevice(db: Db, v: { serial: string; kind: string; name: string; placeCode: string; compoundCode: string; countyCode: string; owner: string; installPlace: string; planX: number | null; planY: number | null; secretEnc: string; createdBy: string | null }) {
  const [r] = await rows<{ id: string }>(
    db,
    sql`INSERT INTO devices (serial, kind, name, place_code, compound_code, county_code, owner, install_place, plan_x, plan_y, secret_enc, created_by)
        VALUES (${v.serial}, ${v.kind}, ${v.name}, ${v.placeCode}, ${v.compoundCode}, ${v.countyCode}, ${v.owner}, ${v.installPlace}, ${v.planX}, ${v.planY}, ${v.secretEnc}, ${v.createdBy})
        ON CONFLICT (serial) DO NOTHING RETURNING id`,
  );
  return r?.id ?? null;
}

export async function updateDevice(db: Db, id: string, v: Record<string, unknown>) {
  const cols: Record<string, string> = { name: 'name', owner: 'owner', installPlace: 'install_place', planX: 'plan_x', planY: 'plan_y', enabled: 'enabled', secretEnc: 'secret_enc' };
  const sets = Object.entries(v)
    .filter(([k, x]) => cols[k] && x !== undefined)
    .map(([k, x]) => sql`${sql.identifier(cols[k])} = ${x}`);
  if (!sets.length) return;
  await db.execute(sql`UPDATE devices SET ${sql.join(sets, sql`, `)}, updated_at = now() WHERE id = ${id}`);
}

export interface RuleRow {
  id: string;
  place_code: string;
  place_name: string;
  county_code: string;
  kind: string;
  type: string;
  name: string;
  params: Record<string, unknown>;
  severity: string;
  cooldown_seconds: number;
  opens_ticket: boolean;
  category_code: string | null;
  urgency: string;
  enabled: boolean;
  updated_at: Date | string;
}

const RULE_COLUMNS = sql`r.id, r.place_code, p.name AS place_name, r.county_code, r.kind, r.type, r.name, r.params, r.severity, r.cooldown_seconds, r.opens_ticket, r.category_code, r.urgency, r.enabled, r.updated_at`;

export async function findRule(db: Db, id: string): Promise<RuleRow | undefined> {
  const [r] = await rows<RuleRow>(db, sql`SELECT ${RULE_COLUMNS} FROM device_rules r JOIN places p ON p.code = r.place_code WHERE r.id = ${id}`);
  return r;
}

/** Rules that apply at or under a place (its own, and those of the places above it), in scope. */
export function findRulesFor(db: Db, placeCode: string, scope: string[]) {
  return rows<RuleRow>(
    db,
    sql`SELECT ${RULE_COLUMNS} FROM device_rules r JOIN places p ON p.code = r.place_code
        WHERE (r.place_code LIKE ${placeCode + '%'} OR ${placeCode} LIKE r.place_code || '%')
          AND (${under(sql`r.place_code`, scope)} OR ${sql.join(scope.length ? scope.map((s) => sql`${s} LIKE r.place_code || '%'`) : [sql`false`], sql` OR `)})
        ORDER BY r.place_code, r.kind, r.created_at`,
  );
}

export async function insertRule(db: Db, v: { placeCode: string; countyCode: string; kind: string; type: string; name: string; params: object; severity: string; cooldownSeconds: number; opensTicket: boolean; categoryCode: string | null; urgency: string; enabled: boolean; by: string }) {
  const [r] = await rows<{ id: string }>(
    db,
    sql`INSERT INTO device_rules (place_code, county_code, kind, type, name, params, severity, cooldown_seconds, opens_ticket, category_code, urgency, enabled, created_by, updated_by)
        VALUES (${v.placeCode}, ${v.countyCode}, ${v.kind}, ${v.type}, ${v.name}, ${JSON.stringify(v.params)}::jsonb, ${v.severity}, ${v.cooldownSeconds}, ${v.opensTicket}, ${v.categoryCode}, ${v.urgency}, ${v.enabled}, ${v.by}, ${v.by})
        RETURNING id`,
  );
  return r.id;
}

export async function updateRule(db: Db, id: string, v: Record<string, unknown>, by: string) {
  const cols: Record<string, string> = { name: 'name', severity: 'severity', cooldownSeconds: 'cooldown_seconds', opensTicket: 'opens_ticket', categoryCode: 'category_code', urgency: 'urgency', enabled: 'enabled' };
  const sets = Object.entries(v)
    .filter(([k, x]) => cols[k] && x !== undefined)
    .map(([k, x]) => sql`${sql.identifier(cols[k])} = ${x}`);
  if (v.params !== undefined) sets.push(sql`params = ${JSON.stringify(v.params)}::jsonb`);
  await db.execute(sql`UPDATE device_rules SET ${sql.join([...sets, sql`updated_by = ${by}`, sql`updated_at = now()`], sql`, `)} WHERE id = ${id}`);
}

export async function deleteRule(db: Db, id: string) {
  await db.execute(sql`DELETE FROM device_rules WHERE id = ${id}`);
}

export interface AlertRow {
  id: string;
  device_id: string;
  device_serial: string;
  device_name: string;
  device_kind: string;
  install_place: string;
  rule_id: string;
  rule_name: string;
  place_code: string;
  compound_code: string;
  compound_name: string;
  county_code: string;
  severity: string;
  status: string;
  title: string;
  detail: string;
  value: number | null;
  state: string | null;
  occurrences: number;
  opened_at: Date | string;
  last_at: Date | string;
  acknowledged_at: Date | string | null;
  acknowledged_by_name: string | null;
  resolved_at: Date | string | null;
  resolved_by_name: string | null;
  resolution: string | null;
  ticket_state: string;
  ticket_id: string | null;
  ticket_number: string | null;
}

const ALERT_COLUMNS = sql`a.id, a.device_id, d.serial AS device_serial, d.name AS device_name, d.kind AS device_kind, d.install_place, a.rule_id, coalesce(r.name, '') AS rule_name,
  a.place_code, a.compound_code, c.name AS compound_name, a.county_code, a.severity, a.status, a.title, a.detail, a.value, a.state, a.occurrences, a.opened_at, a.last_at,
  a.acknowledged_at, a.acknowledged_by_name, a.resolved_at, a.resolved_by_name, a.resolution, a.ticket_state, a.ticket_id, a.ticket_number`;
const ALERT_FROM = sql`device_alerts a JOIN devices d ON d.id = a.device_id LEFT JOIN device_rules r ON r.id = a.rule_id JOIN places c ON c.code = a.compound_code`;

export async function findAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  const [r] = await rows<AlertRow>(db, sql`SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM} WHERE a.id = ${id}`);
  return r;
}

export function findAlertsUnder(db: Db, placeCode: string, scope: string[], f: { status?: string; deviceId?: string; ticketId?: string; limit: number }) {
  const status = f.status === 'active' ? sql`AND a.status <> 'resolved'` : f.status ? sql`AND a.status = ${f.status}` : sql``;
  return rows<AlertRow>(
    db,
    sql`SELECT ${ALERT_COLUMNS} FROM ${ALERT_FROM}
        WHERE a.place_code LIKE ${placeCode + '%'} AND ${under(sql`a.place_code`, scope)} ${status}
        ${f.deviceId ? sql`AND a.device_id = ${f.deviceId}` : sql``} ${f.ticketId ? sql`AND a.ticket_id = ${f.ticketId}` : sql``}
        ORDER BY (a.status = 'resolved'), CASE a.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.opened_at DESC LIMIT ${f.limit}`,
  );
}

export function summariseUnder(db: Db, placeCode: string, scope: string[]) {
  return rows<{ compound_code: string; compound_name: string; devices: number; offline: number; open: number; acknowledged: number; critical: number; warning: number; info: number }>(
    db,
    sql`SELECT d.compound_code, c.name AS compound_name, count(*)::int AS devices, count(*) FILTER (WHERE d.status = 'offline')::int AS offline,
          coalesce(sum(x.open), 0)::int AS open, coalesce(sum(x.ack), 0)::int AS acknowledged,
          coalesce(sum(x.critical), 0)::int AS critical, coalesce(sum(x.warning), 0)::int AS warning, coalesce(sum(x.info), 0)::int AS info
        FROM devices d JOIN places c ON c.code = d.compound_code
        LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE a.status = 'open') AS open, count(*) FILTER (WHERE a.status = 'acknowledged') AS ack,
                                  count(*) FILTER (WHERE a.severity = 'critical') AS critical, count(*) FILTER (WHERE a.severity = 'warning') AS warning, count(*) FILTER (WHERE a.severity = 'info') AS info
                           FROM device_alerts a WHERE a.device_id = d.id AND a.status <> 'resolved') x ON true
        WHERE d.place_code LIKE ${placeCode + '%'} AND ${under(sql`d.place_code`, scope)}
        GROUP BY d.compound_code, c.name ORDER BY d.compound_code`,
  );
}

export function findInvalidUnder(db: Db, placeCode: string, scope: string[], limit: number) {
  return rows<{ id: number; received_at: Date | string; source: string; topic: string | null; serial: string | null; reason: string; payload: string; total: number }>(
    db,
    sql`SELECT id, received_at, source, topic, serial, reason, payload, count(*) OVER ()::int AS total FROM device_invalid_messages
        WHERE place_code LIKE ${placeCode + '%'} AND ${under(sql`place_code`, scope)} ORDER BY id DESC LIMIT ${limit}`,
  );
}
