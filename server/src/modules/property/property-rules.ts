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

/** How alert details name states and events (alerts are stored in Chinese, like tickets). */
const STATE_ZH: Record<string, string> = {
  alarm: '烟雾报警', leak: '漏水', fault: '故障', trapped: '困人', maintenance: '维保', running: '运行', idle: '待机',
  fire_lane_blocked: '消防通道占用', fire_door_open: '消防门常开', smoke_detected: '发现烟雾',
  access_denied: '拒绝通行', door_forced: '门被强开', door_held_open: '门长时间未关', tailgating: '尾随进入',
};
const zh = (s: string) => STATE_ZH[s] ?? s;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * What one reading does to each of its device's rules (`rulesFor`, cached by the caller), given the alerts active now (by
 * rule id). `stale`: the reading is older than the device's newest (messages of one device can arrive
 * out of order over a shared subscription). A stale reading says nothing about the device's state
 * now, so it neither raises nor clears a threshold or state alert, and a stale clearing event does
 * not resolve; an event is a fact whenever it happened, so a stale alarm event still raises or repeats.
 * Any message, stale or not, is a sign of life for offline rules.
 */
export function evaluateReading(reading: Reading, rules: RuleDef[], active: Map<string, ActiveAlert>, stale = false): Decision[] {
  const out: Decision[] = [];
  for (const rule of rules) {
    const alert = active.get(rule.id);
    switch (rule.type) {
      case 'offline':
        // Any message is a sign of life.
        if (alert) out.push({ action: 'resolve', rule, alertId: alert.id });
        break;
      case 'threshold': {
        if (reading.value === null || stale) break;
        const p = rule.params as ThresholdParams;
        const v = reading.value;
        const past = p.op === 'above' ? v > p.limit : v < p.limit;
        const clear = p.clear ?? p.limit;
        const back = p.op === 'above' ? v <= clear : v >= clear;
        if (!alert && past) out.push({ action: 'raise', rule, detail: `读数 ${fmt(v)}，${p.op === 'above' ? '高于' : '低于'}阈值 ${fmt(p.limit)}` });
        else if (alert && back) out.push({ action: 'resolve', rule, alertId: alert.id });
        break;
      }
      case 'state': {
        if (reading.state === null || stale) break;
        const p = rule.params as StateParams;
        const bad = p.states.includes(reading.state);
        if (!alert && bad) out.push({ action: 'raise', rule, detail: `状态：${zh(reading.state)}` });
        else if (alert && !bad) out.push({ action: 'resolve', rule, alertId: alert.id });
        break;
      }
      case 'event': {
        if (reading.state === null) break;
        const p = rule.params as EventParams;
        const clearing = (p.clearEvents ?? ['clear', 'door_closed']).includes(reading.state);
        if (p.events.includes(reading.state)) {
          if (alert) out.push({ action: 'repeat', rule, alertId: alert.id });
          else out.push({ action: 'raise', rule, detail: `事件：${zh(reading.state)}` });
        } else if (alert && clearing && !stale) out.push({ action: 'resolve', rule, alertId: alert.id });
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
