/** Evaluating rules against one reading: what to raise, repeat or resolve. Pure; cooldown is the caller's (it needs history). */
import type { EventParams, OfflineParams, StateParams, ThresholdParams } from '../../../../contracts/property.js';
import type { Reading } from './property-payloads.js';

export interface RuleDef {
  id: string;
  placeCode: string;
  kind: string;
  type: string;
  name: string;
  params: Record<string, unknown>;
  severity: string;
  cooldownSeconds: number;
  opensTicket: boolean;
  categoryCode: string | null;
  urgency: string;
  enabled: boolean;
}

export interface ActiveAlert {
  id: string;
  ruleId: string;
  deviceId: string;
  status: string;
}

export interface DeviceFacts {
  id: string;
  name: string;
  kind: string;
  placeCode: string;
}

export type Decision =
  | { action: 'raise'; rule: RuleDef; detail: string }
  | { action: 'repeat'; rule: RuleDef; alertId: string }
  | { action: 'resolve'; rule: RuleDef; alertId: string };

/** The rules that watch a device: its kind, at or above its place, enabled. */
export function rulesFor(device: DeviceFacts, rules: RuleDef[]): RuleDef[] {
  return rules.filter((r) => r.enabled && r.kind === device.kind && device.placeCode.startsWith(r.placeCode));
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** What one reading does to each rule of the device, given the alerts active now (by rule id). */
export function evaluateReading(device: DeviceFacts, reading: Reading, rules: RuleDef[], active: Map<string, ActiveAlert>): Decision[] {
  const out: Decision[] = [];
  for (const rule of rulesFor(device, rules)) {
    const alert = active.get(rule.id);
    switch (rule.type) {
      case 'offline':
        // Any message is a sign of life.
        if (alert) out.push({ action: 'resolve', rule, alertId: alert.id });
        break;
      case 'threshold': {
        if (reading.value === null) break;
        const p = rule.params as ThresholdParams;
        const v = reading.value;
        const past = p.op === 'above' ? v > p.limit : v < p.limit;
        const clear = p.clear ?? p.limit;
        const back = p.op === 'above' ? v <= clear : v >= clear;
        if (!alert && past) out.push({ action: 'raise', rule, detail: `${fmt(v)} ${p.op === 'above' ? '高于' : '低于'} ${fmt(p.limit)}` });
        else if (alert && back) out.push({ action: 'resolve', rule, alertId: alert.id });
        break;
      }
      case 'state': {
        if (reading.state === null) break;
        const p = rule.params as StateParams;
        const bad = p.states.includes(reading.state);
        if (!alert && bad) out.push({ action: 'raise', rule, detail: `状态 ${reading.state}` });
        else if (alert && !bad) out.push({ action: 'resolve', rule, alertId: alert.id });
        break;
      }
      case 'event': {
        if (reading.state === null) break;
        const p = rule.params as EventParams;
        const clearing = (p.clearEvents ?? ['clear', 'door_closed']).includes(reading.state);
        if (p.events.includes(reading.state)) {
          if (alert) out.push({ action: 'repeat', rule, alertId: alert.id });
          else out.push({ action: 'raise', rule, detail: `事件 ${reading.state}` });
        } else if (alert && clearing) out.push({ action: 'resolve', rule, alertId: alert.id });
        break;
      }
    }
  }
  return out;
}

/** Minutes of silence after which an offline rule fires. */
export function offlineMinutes(rule: RuleDef): number {
  return (rule.params as OfflineParams).minutes;
}
