/** Alerts: listing, acknowledging and resolving by staff; the tickets of alerts that need work; offline detection. */
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { announce } from '../../platform/bus.js';
import { recordAudit } from '../../platform/audit.js';
import type { Alert, AlertSummary } from '../../../../contracts/property.js';
import type { Urgency } from '../../../../contracts/tickets.js';
import { registerDeviceAlert } from '../tickets/ticket-create.service.js';
import { propertyPolicy } from './property.policy.js';
import * as repo from './property.repository.js';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function presentAlert(r: repo.AlertRow): Alert {
  return {
    id: r.id,
    deviceId: r.device_id,
    deviceSerial: r.device_serial,
    deviceName: r.device_name,
    deviceKind: r.device_kind,
    installPlace: r.install_place,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    placeCode: r.place_code,
    compoundCode: r.compound_code,
    compoundName: r.compound_name,
    severity: r.severity,
    status: r.status,
    title: r.title,
    detail: r.detail,
    value: r.value,
    state: r.state,
    occurrences: r.occurrences,
    openedAt: iso(r.opened_at)!,
    lastAt: iso(r.last_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedByName: r.acknowledged_by_name,
    resolvedAt: iso(r.resolved_at),
    resolvedByName: r.resolved_by_name,
    resolution: r.resolution,
    ticketState: r.ticket_state,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
  };
}

/** Alerts under a place, active first and most severe first. */
export async function listAlerts(db: Db, actor: Actor, q: { placeCode: string; status?: string; deviceId?: string; ticketId?: string; limit?: number }): Promise<Alert[]> {
  const scope = propertyPolicy.scopeOf(actor, 'device.read');
  if (!scope.length) throw errors.forbidden('device.read');
  return (await repo.findAlertsUnder(db, q.placeCode, scope, { status: q.status, deviceId: q.deviceId, ticketId: q.ticketId, limit: q.limit ?? 100 })).map(presentAlert);
}

async function alertOrFail(db: Db, actor: Actor, id: string, action: 'device.read' | 'alert.handle') {
  const a = await repo.findAlert(db, id);
  if (!a) throw errors.notFound(`alert ${id}`);
  propertyPolicy.authorize(actor, action, { placeCode: a.place_code });
  return a;
}

export async function getAlert(db: Db, actor: Actor, id: string): Promise<Alert> {
  return presentAlert(await alertOrFail(db, actor, id, 'device.read'));
}

/** 确认: someone is on it. Only an open alert can be acknowledged. */
export async function acknowledgeAlert(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Alert> {
  const a = await alertOrFail(db, actor, id, 'alert.handle');
  if (a.status !== 'open') throw errors.conflict(`alert is ${a.status}, not open`, [{ field: 'status', message: `is ${a.status}` }]);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [done] = await rows<{ id: string }>(
      tx,
      sql`UPDATE device_alerts SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${actor.userId}, acknowledged_by_name = ${actor.displayName} WHERE id = ${id} AND status = 'open' RETURNING id`,
    );
    if (!done) throw errors.conflict('alert changed meanwhile', [{ field: 'status', message: 'changed' }]);
    await announce(tx, { type: 'property.alert', status: 'acknowledged', alertId: id, deviceId: a.device_id, severity: a.severity, placeCode: a.place_code, countyCode: a.county_code });
  });
  await recordAudit(db, { actorId: actor.userId, action: 'property.alert.acknowledge', targetKind: 'device_alert', targetId: id, detail: {} }, req);
  return getAlert(db, actor, id);
}

/** 解除: staff close an alert by hand (a false alarm, or fixed); its ticket, if any, goes on through the ticket loop. */
export async function resolveAlert(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Alert> {
  const a = await alertOrFail(db, actor, id, 'alert.handle');
  if (a.status === 'resolved') throw errors.conflict('alert is already resolved', [{ field: 'status', message: 'is resolved' }]);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(
      sql`UPDATE device_alerts SET status = 'resolved', resolved_at = now(), resolved_by = ${actor.userId}, resolved_by_name = ${actor.displayName}, resolution = 'manual' WHERE id = ${id} AND status <> 'resolved'`,
    );
    const [left] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM device_alerts a JOIN device_rules r ON r.id = a.rule_id WHERE a.device_id = ${a.device_id} AND a.status <> 'resolved' AND r.type <> 'offline'`);
    await tx.execute(sql`UPDATE devices SET status = ${left.n ? 'alarm' : 'normal'} WHERE id = ${a.device_id} AND status = 'alarm'`);
    await announce(tx, { type: 'property.alert', status: 'resolved', alertId: id, deviceId: a.device_id, severity: a.severity, placeCode: a.place_code, countyCode: a.county_code });
  });
  await recordAudit(db, { actorId: actor.userId, action: 'property.alert.resolve', targetKind: 'device_alert', targetId: id, detail: {} }, req);
  return getAlert(db, actor, id);
}

/** Current alerts per compound under a place: what the big screen shows. */
export async function summariseAlerts(db: Db, actor: Actor, placeCode: string): Promise<AlertSummary> {
  const scope = propertyPolicy.scopeOf(actor, 'device.read');
  if (!scope.length) throw errors.forbidden('device.read');
  const list = await repo.summariseUnder(db, placeCode, scope);
  return {
    placeCode,
    compounds: list.map((r) => ({ compoundCode: r.compound_code, compoundName: r.compound_name, devices: r.devices, offline: r.offline, open: r.open, acknowledged: r.acknowledged, critical: r.critical, warning: r.warning, info: r.info })),
  };
}

/**
 * Opens the tickets of alerts that need one (ticket_state pending), through the ticket loop's
 * device-alert channel: category and urgency from the rule, the ticket on the device's building or
 * compound. The alert keeps the ticket's id and number; the ticket keeps the device and the alert.
 */
export async function openPendingTickets(db: Db, limit = 50): Promise<number> {
  const claimed = await rows<{ id: string; device_id: string; serial: string; place_code: string; compound_code: string; county_code: string; severity: string; title: string; detail: string; category_code: string | null; urgency: string }>(
    db,
    sql`UPDATE device_alerts a SET ticket_state = 'opening' FROM devices d, device_rules r
        WHERE a.id IN (SELECT id FROM device_alerts WHERE ticket_state = 'pending' ORDER BY opened_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          AND d.id = a.device_id AND r.id = a.rule_id
        RETURNING a.id, a.device_id, d.serial, a.place_code, a.compound_code, a.county_code, a.severity, a.title, a.detail, r.category_code, r.urgency`,
  );
  for (const a of claimed) {
    try {
      const ticket = await registerDeviceAlert(db, {
        ...(a.place_code.length === 18 ? { buildingCode: a.place_code } : { compoundCode: a.compound_code }),
        categoryCode: a.category_code ?? 'repair',
        title: a.title.slice(0, 60),
        description: `设备告警：${a.detail}`,
        urgency: a.urgency as Urgency,
        deviceId: a.serial,
        alertId: a.id,
      });
      await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        await tx.execute(sql`UPDATE device_alerts SET ticket_state = 'opened', ticket_id = ${ticket.id}, ticket_number = ${ticket.number} WHERE id = ${a.id}`);
        await announce(tx, { type: 'property.alert', status: 'ticket', alertId: a.id, deviceId: a.device_id, severity: a.severity, placeCode: a.place_code, countyCode: a.county_code, ticketId: ticket.id, number: ticket.number });
      });
    } catch (e) {
      await db.execute(sql`UPDATE device_alerts SET ticket_state = 'failed', ticket_error = ${String((e as Error).message).slice(0, 500)} WHERE id = ${a.id}`);
    }
  }
  return claimed.length;
}

/** After a crash: claims that never finished go back to pending. */
export async function releaseTicketClaims(db: Db) {
  await db.execute(sql`UPDATE device_alerts SET ticket_state = 'pending' WHERE ticket_state = 'opening'`);
}

/**
 * Offline detection: for each enabled offline rule, devices under it that have not been heard for
 * its minutes (or never, since they were added) get an alert, unless one is active or the last one
 * opened within the cooldown. Returns the alerts opened.
 */
export async function detectOffline(db: Db, now = new Date()): Promise<number> {
  let opened = 0;
  const rules = await rows<{ id: string; place_code: string; kind: string; name: string; severity: string; opens_ticket: boolean; cooldown_seconds: number; minutes: number }>(
    db,
    sql`SELECT id, place_code, kind, name, severity, opens_ticket, cooldown_seconds, (params->>'minutes')::int AS minutes FROM device_rules WHERE enabled AND type = 'offline'`,
  );
  for (const r of rules) {
    const cutoff = new Date(now.getTime() - r.minutes * 60_000).toISOString();
    const cool = new Date(now.getTime() - r.cooldown_seconds * 1000).toISOString();
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const inserted = await rows<{ id: string; device_id: string; place_code: string; county_code: string }>(
        tx,
        sql`INSERT INTO device_alerts (device_id, rule_id, place_code, compound_code, county_code, severity, title, detail, ticket_state)
            SELECT d.id, ${r.id}::uuid, d.place_code, d.compound_code, d.county_code, ${r.severity}, d.name || ' ' || ${r.name},
                   d.install_place || '：' || ${`超过 ${r.minutes} 分钟无心跳`}, ${r.opens_ticket ? 'pending' : 'none'}
            FROM devices d
            WHERE d.enabled AND d.kind = ${r.kind} AND d.place_code LIKE ${r.place_code + '%'} AND coalesce(d.last_seen_at, d.created_at) < ${cutoff}
              AND NOT EXISTS (SELECT 1 FROM device_alerts a WHERE a.device_id = d.id AND a.rule_id = ${r.id}::uuid AND (a.status <> 'resolved' OR a.opened_at > ${cool}))
            ON CONFLICT (device_id, rule_id) WHERE status <> 'resolved' DO NOTHING
            RETURNING id, device_id, place_code, county_code`,
      );
      for (const a of inserted) {
        await tx.execute(sql`UPDATE devices SET status = 'offline' WHERE id = ${a.device_id}`);
        await announce(tx, { type: 'property.alert', status: 'open', alertId: a.id, deviceId: a.device_id, severity: r.severity, placeCode: a.place_code, countyCode: a.county_code });
        await announce(tx, { type: 'property.device', status: 'offline', deviceId: a.device_id, placeCode: a.place_code, countyCode: a.county_code });
      }
      opened += inserted.length;
    });
  }
  if (opened) await openPendingTickets(db);
  return opened;
}
