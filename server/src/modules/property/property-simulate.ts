/**
 * Realistic device traffic for demos and benchmarks: each device reports on its topic at its share
 * of the rate, with plausible values (a water tank draining and refilling, a power load over the
 * day, elevators moving between floors, cameras mostly clear), heartbeats now and then, and an
 * optional incident (a leak, a smoke alarm, a trapped elevator, a blocked fire lane) that clears again.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceKind } from '../../../../contracts/property.js';

export interface SimDevice {
  serial: string;
  kind: DeviceKind;
  countyCode: string;
}

export const INCIDENTS = { water_leak: 'water_leak', smoke: 'smoke', elevator: 'elevator', fire_lane: 'fire_camera', water_tank: 'water_tank' } as const;
export type Incident = keyof typeof INCIDENTS;

export interface SimOptions {
  url: string;
  topicPrefix: string;
  devices: SimDevice[];
  /** Messages per second, all devices together. */
  rate: number;
  seconds: number;
  incident?: Incident;
  /** When the incident starts and how long it lasts (seconds). */
  incidentAt?: number;
  incidentFor?: number;
  clientId?: string;
  onTick?: (s: SimStats) => void;
  /** Adds the publish time (ms) to each payload's id, for latency benchmarks. */
  stampIds?: boolean;
}

export interface SimStats {
  sent: number;
  acked: number;
  failed: number;
  elapsedMs: number;
}

/** One reading for a device at time t (ms), normal or in the incident. */
export function readingFor(kind: DeviceKind, t: number, seq: number, incident: boolean): Record<string, unknown> {
  const hour = ((t / 3600_000 + 8) % 24) / 24; // Shanghai hour of day, 0..1
  const jitter = (seq * 7919) % 100 / 100;
  switch (kind) {
    case 'smoke':
      return incident ? { smoke: 12 + jitter * 5, alarm: true } : { smoke: Math.round(jitter * 8) / 10, alarm: false };
    case 'water_leak':
      return { leak: incident };
    case 'elevator':
      return incident ? { state: 'trapped', floor: 7, doorOpen: false } : { state: jitter < 0.4 ? 'idle' : 'running', floor: 1 + Math.floor(jitter * 18), doorOpen: jitter < 0.1 };
    case 'fire_camera':
      return { event: incident ? 'fire_lane_blocked' : 'clear' };
    case 'access_control':
      return { event: jitter < 0.92 ? 'access_granted' : jitter < 0.99 ? 'access_denied' : 'door_closed', door: '南门' };
    case 'water_tank': {
      const level = incident ? 12 + jitter * 4 : 55 + 30 * Math.sin(2 * Math.PI * hour) + jitter * 3;
      return { level: Math.round(level * 10) / 10 };
    }
    case 'power_meter': {
      const kw = 40 + 60 * Math.max(0, Math.sin(Math.PI * (hour - 0.25) * 2)) + jitter * 10;
      return { kw: Math.round(kw * 10) / 10, kwh: Math.round(t / 36_000) / 100, voltage: 220 + jitter * 6 };
    }
  }
}

/** Publishes at the rate for the duration (QoS 1); resolves with what was sent and acknowledged by the broker. */
export async function simulateDevices(o: SimOptions): Promise<SimStats> {
  if (!o.devices.length) throw new Error('no devices to simulate');
  const client: MqttClient = await mqtt.connectAsync(o.url, { clientId: o.clientId ?? `linli-sim-${process.pid}-${Date.now().toString(36)}`, reconnectPeriod: 1000 });
  const stats: SimStats = { sent: 0, acked: 0, failed: 0, elapsedMs: 0 };
  const start = Date.now();
  const run = start.toString(36);
  const incidentKind = o.incident ? INCIDENTS[o.incident] : null;
  const target = o.incident ? o.devices.find((d) => d.kind === incidentKind) : undefined;
  if (o.incident && !target) throw new Error(`no ${incidentKind} device to stage the ${o.incident} incident`);
  const incidentAt = (o.incidentAt ?? 3) * 1000;
  const incidentEnd = incidentAt + (o.incidentFor ?? 10) * 1000;
  let seq = 0;
  let i = 0;
  const send = (d: SimDevice, now: number) => {
    const inIncident = d === target && now - start >= incidentAt && now - start < incidentEnd;
    const heartbeat = !inIncident && seq % 25 === 24;
    const id = o.stampIds ? `${run}-${seq}-${now}` : `${run}-${seq}`;
    const body = heartbeat ? { id, ts: now, heartbeat: true } : { id, ts: now, ...readingFor(d.kind, now, seq, inIncident) };
    seq++;
    stats.sent++;
    client.publish(`${o.topicPrefix}/${d.countyCode}/${d.serial}/${d.kind}`, JSON.stringify(body), { qos: 1 }, (err) => {
      if (err) stats.failed++;
      else stats.acked++;
    });
  };
  const tickMs = 20;
  let lastTick = start;
  await new Promise<void>((done) => {
    let owed = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - start >= o.seconds * 1000) {
        clearInterval(timer);
        done();
        return;
      }
      owed += ((now - lastTick) / 1000) * o.rate;
      lastTick = now;
      // The incident device speaks at least once a second so the incident shows at once.
      if (target && now - start >= incidentAt && Math.floor((now - start) / 1000) !== Math.floor((now - tickMs - start) / 1000)) send(target, now);
      while (owed >= 1) {
        send(o.devices[i++ % o.devices.length], now);
        owed--;
      }
      o.onTick?.({ ...stats, elapsedMs: now - start });
    }, tickMs);
  });
  // Wait for the broker's acknowledgements (a few seconds at most).
  const until = Date.now() + 10_000;
  while (stats.acked + stats.failed < stats.sent && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  stats.elapsedMs = Date.now() - start;
  await client.endAsync();
  return stats;
}
