/** Who may and may not act on devices, rules and alerts (demo accounts on the demo compound). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { ingestorFor } from './property-ingest.js';

let t: TestContext;
let deviceId: string;
let alertId: string;
let ruleId: string;

beforeAll(async () => {
  t = await createTestContext();
  const property = await t.signIn('property');
  const created = await property.post('/api/v1/property/devices', { serial: 'POL-LEAK-1', kind: 'water_leak', name: '漏水探测器', placeCode: t.codes.building, owner: '物业', installPlace: '1号楼地下室' });
  deviceId = created.json().device.id;
  const rule = await property.post('/api/v1/property/rules', { placeCode: t.codes.compound, kind: 'water_leak', type: 'state', name: '漏水(策略测试)', params: { states: ['leak'] }, severity: 'critical' });
  expect(rule.statusCode, rule.body).toBe(201);
  ruleId = rule.json().id;
  const device = created.json().device;
  await ingestorFor(t.database.db).ingest([{ source: 'mqtt', topic: device.topic, serial: device.serial, kind: 'water_leak', county: '140602', payload: JSON.stringify({ id: 'p1', ts: Date.now(), leak: true }) }]);
  [{ id: alertId }] = await t.database.query<{ id: string }>('SELECT id FROM device_alerts WHERE device_id = $1 AND rule_id = $2', [deviceId, ruleId]);
});
afterAll(() => t?.close());

const ALL = ['admin', 'county', 'township', 'community', 'secretary', 'grid', 'grid2', 'building', 'unit', 'resident', 'property', 'supervisor'];

type C = Awaited<ReturnType<TestContext['signIn']>>;
const clients = new Map<string, C>();
async function statusFor(who: string, fn: (c: C) => Promise<{ statusCode: number }>) {
  if (!clients.has(who)) clients.set(who, await t.signIn(who));
  return (await fn(clients.get(who)!)).statusCode;
}

describe('smart property policy', () => {
  it('reads: staff in scope see devices and alerts; residents, unit heads and grid B do not', async () => {
    const allowed = ['admin', 'county', 'township', 'community', 'secretary', 'grid', 'building', 'property', 'supervisor'];
    for (const who of ALL) {
      const status = await statusFor(who, (c) => c.get(`/api/v1/property/devices/${deviceId}`));
      expect([who, status]).toEqual([who, allowed.includes(who) ? 200 : 403]);
      const alert = await statusFor(who, (c) => c.get(`/api/v1/property/alerts/${alertId}`));
      expect([who, alert]).toEqual([who, allowed.includes(who) ? 200 : 403]);
    }
  });

  it('devices are added by property and community staff and above, not by grid workers, heads, secretaries or supervisors', async () => {
    const allowed = ['admin', 'county', 'township', 'community', 'property'];
    let i = 0;
    for (const who of ALL) {
      const status = await statusFor(who, (c) => c.post('/api/v1/property/devices', { serial: `POL-${who}-${++i}`, kind: 'smoke', name: '烟感', placeCode: t.codes.building, owner: '物业', installPlace: '楼道' }));
      expect([who, status]).toEqual([who, allowed.includes(who) ? 201 : 403]);
    }
    // Property staff only in their own compound.
    expect(await statusFor('property', (c) => c.post('/api/v1/property/devices', { serial: 'POL-OTHER', kind: 'smoke', name: '烟感', placeCode: t.codes.community + '002', owner: '物业', installPlace: '楼道' }))).toBe(403);
  });

  it('rules are edited by property staff (their compound) and community staff (their community) and above', async () => {
    const allowed = ['admin', 'county', 'township', 'community', 'property'];
    for (const who of ALL) {
      const status = await statusFor(who, (c) => c.request({ method: 'PATCH', url: `/api/v1/property/rules/${ruleId}`, payload: { cooldownSeconds: 60 } }));
      expect([who, status]).toEqual([who, allowed.includes(who) ? 200 : 403]);
    }
    const community = { placeCode: t.codes.community, kind: 'smoke', type: 'state', name: '烟感报警', params: { states: ['alarm'] }, severity: 'critical' };
    expect(await statusFor('property', (c) => c.post('/api/v1/property/rules', community))).toBe(403);
    expect(await statusFor('community', (c) => c.post('/api/v1/property/rules', community))).toBe(201);
  });

  it('alerts are acknowledged by property staff, the branch secretary and staff from the community up; not by grid workers or residents', async () => {
    for (const who of ['grid', 'building', 'unit', 'resident', 'supervisor', 'grid2']) {
      expect([who, await statusFor(who, (c) => c.post(`/api/v1/property/alerts/${alertId}/acknowledge`))]).toEqual([who, 403]);
    }
    expect(await statusFor('property', (c) => c.post(`/api/v1/property/alerts/${alertId}/acknowledge`))).toBe(200);
    expect(await statusFor('secretary', (c) => c.post(`/api/v1/property/alerts/${alertId}/resolve`))).toBe(200);
  });

  it('invalid messages are for property staff and community staff and above', async () => {
    for (const who of ALL) {
      const status = await statusFor(who, (c) => c.get(`/api/v1/property/invalid-messages?placeCode=${t.codes.compound}`));
      expect([who, status]).toEqual([who, ['admin', 'county', 'township', 'community', 'property'].includes(who) ? 200 : 403]);
    }
  });
});
