/** The demo city's devices and rules: a smart-property set in each compound of the first community, so the live page has data. */
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import type { DeviceKind } from '../../../../contracts/property.js';

export interface DemoDevice {
  serial: string;
  kind: DeviceKind;
  name: string;
  placeCode: string;
  installPlace: string;
  planX: number;
  planY: number;
}

const PREFIX: Record<DeviceKind, string> = { smoke: 'SD', water_leak: 'WL', elevator: 'EL', fire_camera: 'FC', access_control: 'AC', water_tank: 'WT', power_meter: 'PM' };
export const DEMO_OWNER = '朔州安居物业服务有限公司';

/** The devices of one demo compound (four buildings), ids derived from the compound code, so the simulator knows them without the database. */
export function demoDevicesOf(compound: string): DemoDevice[] {
  const out: DemoDevice[] = [];
  const add = (kind: DeviceKind, n: number, d: Omit<DemoDevice, 'serial' | 'kind'>) => out.push({ serial: `${PREFIX[kind]}-${compound}-${String(n).padStart(2, '0')}`, kind, ...d });
  for (let b = 1; b <= 4; b++) {
    const building = compound + String(b).padStart(3, '0');
    const x = 14 + (b - 1) * 22;
    add('smoke', b, { name: `${b}号楼烟感`, placeCode: building, installPlace: `${b}号楼1单元楼道`, planX: x, planY: 30 });
    if (b <= 2) {
      add('water_leak', b, { name: `${b}号楼水浸`, placeCode: building, installPlace: `${b}号楼地下室水泵房`, planX: x + 6, planY: 42 });
      add('elevator', b, { name: `${b}号楼电梯`, placeCode: building, installPlace: `${b}号楼1单元电梯`, planX: x - 5, planY: 42 });
    }
  }
  add('fire_camera', 1, { name: '消防通道摄像头', placeCode: compound, installPlace: '小区东侧消防通道', planX: 90, planY: 60 });
  add('fire_camera', 2, { name: '消防门摄像头', placeCode: compound + '003', installPlace: '3号楼消防门', planX: 60, planY: 48 });
  add('access_control', 1, { name: '南门门禁', placeCode: compound, installPlace: '小区南大门', planX: 50, planY: 92 });
  add('water_tank', 1, { name: '生活水箱', placeCode: compound, installPlace: '水泵房生活水箱', planX: 12, planY: 75 });
  add('power_meter', 1, { name: '配电房总表', placeCode: compound, installPlace: '配电房', planX: 30, planY: 80 });
  return out;
}

/** The community's rules: what the demo's property company and community staff would set. */
export function demoRules(community: string) {
  const r = (kind: DeviceKind, type: string, name: string, params: object, severity: string, extra: { cooldownSeconds?: number; opensTicket?: boolean; categoryCode?: string; urgency?: string } = {}) => ({
    placeCode: community,
    kind,
    type,
    name,
    params,
    severity,
    cooldownSeconds: extra.cooldownSeconds ?? 0,
    opensTicket: extra.opensTicket ?? false,
    categoryCode: extra.categoryCode ?? null,
    urgency: extra.urgency ?? 'urgent',
  });
  return [
    r('water_leak', 'state', '漏水告警', { states: ['leak'] }, 'critical', { cooldownSeconds: 600, opensTicket: true, categoryCode: 'repair', urgency: 'urgent' }),
    r('smoke', 'state', '烟雾报警', { states: ['alarm'] }, 'critical', { cooldownSeconds: 600, opensTicket: true, categoryCode: 'safety_hazard', urgency: 'emergency' }),
    r('elevator', 'state', '电梯故障/困人', { states: ['fault', 'trapped'] }, 'critical', { cooldownSeconds: 300, opensTicket: true, categoryCode: 'repair', urgency: 'emergency' }),
    r('fire_camera', 'event', '消防通道占用/消防门常开', { events: ['fire_lane_blocked', 'fire_door_open'] }, 'warning', { cooldownSeconds: 1800, opensTicket: true, categoryCode: 'safety_hazard', urgency: 'urgent' }),
    r('access_control', 'event', '门禁异常', { events: ['door_forced', 'door_held_open'] }, 'warning', { cooldownSeconds: 300 }),
    r('water_tank', 'threshold', '水箱水位过低', { op: 'below', limit: 20, clear: 30 }, 'warning', { cooldownSeconds: 600 }),
    r('power_meter', 'threshold', '用电负荷过高', { op: 'above', limit: 150, clear: 130 }, 'info', { cooldownSeconds: 600 }),
    r('smoke', 'offline', '烟感离线', { minutes: 30 }, 'info', { cooldownSeconds: 3600 }),
  ];
}

/** Seeds the devices of the given compounds and the rules of their community (once; the serials are unique). */
export async function seedDemoDevices(db: Db, cipher: PersonalDataCipher, compounds: string[]) {
  const devices = compounds.flatMap(demoDevicesOf);
  if (!devices.length) return;
  const values = devices.map(
    (d) =>
      sql`(${d.serial}, ${d.kind}, ${d.name}, ${d.placeCode}, ${d.placeCode.slice(0, 15)}, ${d.placeCode.slice(0, 6)}, ${DEMO_OWNER}, ${d.installPlace}, ${d.planX}, ${d.planY}, ${cipher.encrypt(randomBytes(32).toString('hex'))}, 'normal', now())`,
  );
  await db.execute(
    sql`INSERT INTO devices (serial, kind, name, place_code, compound_code, county_code, owner, install_place, plan_x, plan_y, secret_enc, status, last_seen_at) VALUES ${sql.join(values, sql`, `)} ON CONFLICT (serial) DO NOTHING`,
  );
  for (const community of new Set(compounds.map((c) => c.slice(0, 12)))) {
    for (const r of demoRules(community)) {
      await db.execute(
        sql`INSERT INTO device_rules (place_code, county_code, kind, type, name, params, severity, cooldown_seconds, opens_ticket, category_code, urgency)
            VALUES (${r.placeCode}, ${r.placeCode.slice(0, 6)}, ${r.kind}, ${r.type}, ${r.name}, ${JSON.stringify(r.params)}::jsonb, ${r.severity}, ${r.cooldownSeconds}, ${r.opensTicket}, ${r.categoryCode}, ${r.urgency})`,
      );
    }
  }
}
