import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { registerDeviceAlert, seedTicketCategories } from './tickets.service.js';
import { findTicket } from './tickets.repository.js';
import { invalidateCategories } from './ticket-categories.service.js';
import { setUpTickets, type Json, type TicketFixture } from './tickets.test-helpers.js';

let t: TestContext;
let f: TicketFixture;
/** Positions of the demo community's compounds. */
let compounds: Array<{ code: string; lat: number; lng: number }>;
beforeAll(async () => {
  t = await createTestContext();
  f = await setUpTickets(t);
  compounds = await t.database.query("SELECT code, lat, lng FROM places WHERE level = 'compound' AND code LIKE $1 ORDER BY code", [t.codes.community + '%']);
});
afterAll(() => t?.close());

const clutter = { channel: 'resident', description: '楼道里杂物乱堆，堵住了消防通道' };

describe('categories', () => {
  it('the seeded set, read by anyone signed in; seeding again adds nothing', async () => {
    const list = (await (await f.as('resident')).get('/api/v1/ticket-categories')).json();
    expect(list.map((c: Json) => c.code)).toEqual(['clutter', 'posters', 'parking', 'litter', 'illegal_building', 'repair', 'safety_hazard', 'dispute', 'noise', 'property_service', 'utilities', 'help', 'other']);
    expect(list.find((c: Json) => c.code === 'utilities')).toMatchObject({ name: '水电气热', clock: 'calendar', deadlineHours: { general: 24 } });
    expect(list.find((c: Json) => c.code === 'dispute')).toMatchObject({ confidentialByDefault: true, department: '司法局', firstTier: 'community' });
    for (const c of list) expect(Object.values(c.tierShares as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(await seedTicketCategories(t.database.db)).toBe(0);
    expect((await t.anonymous.get('/api/v1/ticket-categories')).statusCode).toBe(401);
  });

  it('suggestions from the text, best first', async () => {
    const c = await f.as('resident');
    const suggest = async (text: string) => (await c.post('/api/v1/ticket-categories/suggest', { text })).json().suggestions.map((s: Json) => s.code);
    expect((await suggest('楼上装修噪音太大，晚上睡不着'))[0]).toBe('noise');
    expect((await suggest('家里停水了，暖气也不热'))[0]).toBe('utilities');
    expect((await suggest('小区门口到处是乱贴的小广告'))[0]).toBe('posters');
    expect(await suggest('今天天气不错')).toEqual([]);
  });
});

describe('channels', () => {
  it('a resident reports for her household: suggested category, her name and masked mobile, dispatched to her unit team', async () => {
    const { status, json } = await f.create('resident', clutter);
    expect(status).toBe(201);
    expect(json.ticket).toMatchObject({ channel: 'resident', categoryCode: 'clutter', status: 'dispatched', tier: 'unit_team', teamName: '1号楼1单元自治组', placeCode: t.codes.household, gridCode: t.codes.gridA, reporterIsMe: true, urgency: 'general' });
    expect(json.ticket.reporterPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(json.ticket.number).toMatch(/^\d{14}$/);
    expect(json.timeline.map((e: Json) => e.type)).toEqual(['register', 'dispatch']);
    expect(json.timeline[0].data).toEqual({ channel: 'resident', categoryCode: 'clutter', urgency: 'general', placeCode: t.codes.household, how: 'place' });
    const dl = new Date(json.ticket.deadlineAt).getTime() - new Date(json.ticket.createdAt).getTime();
    expect(dl).toBeGreaterThanOrEqual(168 * 3_600_000);
  });

  it('a resident may not report for another household; 其他 waits for the dispatcher', async () => {
    expect((await f.create('resident', { ...clutter, placeCode: t.codes.unit + '0102' })).status).toBe(403);
    const other = await f.create('resident', { channel: 'resident', description: '有个事情想反映一下' });
    expect(other.json.ticket).toMatchObject({ categoryCode: 'other', status: 'registered', tier: 'community', teamId: null });
  });

  it('validation: category, text, pin, fields of another channel', async () => {
    const fields = async (body: Record<string, unknown>, who = 'resident') => (await f.create(who, body)).json.fields?.map((x: Json) => x.field);
    expect(await fields({ ...clutter, categoryCode: 'no_such' })).toEqual(['categoryCode']);
    // Straight to the table, past the app: its copy of the categories must be told (an admin's edit through the API does that itself).
    await t.database.query("UPDATE ticket_categories SET active = false WHERE code = 'help'");
    invalidateCategories();
    expect(await fields({ ...clutter, categoryCode: 'help' })).toEqual(['categoryCode']);
    await t.database.query("UPDATE ticket_categories SET active = true WHERE code = 'help'");
    invalidateCategories();
    expect(await fields({ ...clutter, description: '   ' })).toEqual(['description']);
    expect(await fields({ ...clutter, title: 'x'.repeat(61) })).toEqual(['title']);
    expect(await fields({ ...clutter, description: 'x'.repeat(2001) })).toEqual(['description']);
    expect(await fields({ ...clutter, pin: { lat: 91, lng: 112 } })).toEqual(['pin.lat']);
    expect(await fields({ ...clutter, pin: { lat: 39, lng: 181 } })).toEqual(['pin.lng']);
    expect(await fields({ ...clutter, urgency: 'whenever' })).toEqual(['urgency']);
    expect(await fields({ ...clutter, color: 'red' })).toEqual(['color']);
    expect(await fields({ ...clutter, caller: { name: '张三', phone: '13800000000' } })).toEqual(['caller']);
    expect(await fields({ ...clutter, placeCode: t.codes.household, pin: { lat: 39, lng: 112 } })).toEqual(['pin']);
  });

  it('a grid worker patrols her grid, on someone’s behalf (phone encrypted, masked) or on her own', async () => {
    const building = t.codes.building;
    const onBehalf = await f.create('grid', { channel: 'patrol', placeCode: building, description: '1号楼门口有人乱贴小广告', caller: { name: '王大妈', phone: '+86 138-1234-5678' } });
    expect(onBehalf.status).toBe(201);
    expect(onBehalf.json.ticket).toMatchObject({ channel: 'patrol', categoryCode: 'posters', reporterName: '王大妈', reporterPhone: '138****5678', tier: 'building_team', reporterIsMe: false });
    expect(onBehalf.json.following).toBe(true);
    const row = (await findTicket(t.database.db, onBehalf.json.ticket.id))!;
    expect(row.reporterPhoneEnc).not.toContain('13812345678');
    expect(t.cipher.decrypt(row.reporterPhoneEnc!)).toBe('13812345678');
    const own = await f.create('grid', { channel: 'patrol', placeCode: building, description: '楼道垃圾没人清运' });
    expect(own.json.ticket).toMatchObject({ reporterName: '网格员', reporterIsMe: true, categoryCode: 'litter' });
    // Grid B's buildings are not hers.
    expect((await f.create('grid', { channel: 'patrol', placeCode: t.codes.community + '003001', description: '垃圾' })).status).toBe(403);
    expect((await f.create('grid', { channel: 'patrol', placeCode: building, description: '垃圾', caller: { name: '王', phone: '12345' } })).json.fields[0].field).toBe('caller.phone');
    expect((await f.create('resident', { channel: 'patrol', placeCode: building, description: '垃圾' })).status).toBe(403);
  });

  it('staff enter a phone call; the full number is revealed only on request, audited', async () => {
    const res = await f.create('community', { channel: 'phone', placeCode: t.codes.compound, description: '小区里有车辆乱停，堵住消防车道', caller: { name: '李先生', phone: '13900001111' }, urgency: 'urgent' });
    expect(res.status).toBe(201);
    expect(res.json.ticket).toMatchObject({ channel: 'phone', categoryCode: 'parking', reporterPhone: '139****1111', tier: 'compound_team', urgency: 'urgent' });
    const id = res.json.ticket.id;
    const revealed = await (await f.as('community')).get(`/api/v1/tickets/${id}/reporter-phone`);
    expect(revealed.json()).toEqual({ phone: '13900001111' });
    const [audit] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'ticket.reveal' AND target_id = $1", [id]);
    expect(audit.n).toBe(1);
    expect((await (await f.as('supervisor')).get(`/api/v1/tickets/${id}/reporter-phone`)).statusCode).toBe(403);
    expect((await f.create('grid', { channel: 'phone', placeCode: t.codes.compound, description: 'x', caller: { name: '李', phone: '13900001111' } })).status).toBe(403);
    expect((await f.create('other.staff', { channel: 'phone', placeCode: t.codes.compound, description: 'x', caller: { name: '李', phone: '13900001111' } })).status).toBe(403);
    expect((await f.create('community', { channel: 'phone', placeCode: t.codes.compound, description: 'x' })).json.fields[0].field).toBe('caller');
  });

  it('device alerts: the service call the smart-property module makes, and the staff route', async () => {
    const row = await registerDeviceAlert(t.database.db, { buildingCode: t.codes.building, categoryCode: 'repair', title: '电梯故障', description: '1号楼电梯困人告警', urgency: 'emergency', deviceId: 'ELEV-001' });
    expect(row).toMatchObject({ channel: 'device', status: 'dispatched', tier: 'building_team', reporterName: '设备 ELEV-001', reporterUserId: null, urgency: 'emergency' });
    expect(row.deadlineAt!.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(3 * 86_400_000);
    await expect(registerDeviceAlert(t.database.db, { compoundCode: t.codes.community, categoryCode: 'repair', title: 'x', description: 'x', deviceId: 'D' })).rejects.toThrow(/compound/);
    const viaRoute = await f.create('property', { channel: 'device', placeCode: t.codes.compound, categoryCode: 'safety_hazard', title: '烟感告警', description: '3号楼地下室烟感告警', deviceId: 'SMOKE-7' });
    expect(viaRoute.status).toBe(201);
    expect(viaRoute.json.ticket).toMatchObject({ channel: 'device', tier: 'compound_team', categoryCode: 'safety_hazard' });
    expect(viaRoute.json.following).toBe(true);
    expect((await f.create('property', { channel: 'device', placeCode: t.codes.community + '002', categoryCode: 'repair', description: 'x', deviceId: 'D' })).status).toBe(403);
  });

  it('referral from above down to a community or compound, at the tier asked for', async () => {
    const res = await f.create('township', { channel: 'referral', placeCode: t.codes.compound, categoryCode: 'illegal_building', description: '12345热线转办：小区内私搭乱建', sourceRef: '12345-20261101-0001', tier: 'community' });
    expect(res.status).toBe(201);
    expect(res.json.ticket).toMatchObject({ channel: 'referral', tier: 'community', status: 'dispatched', reporterName: null });
    expect(res.json.timeline[0].data.sourceRef).toBe('12345-20261101-0001');
    expect((await f.create('county', { channel: 'referral', placeCode: t.codes.community, categoryCode: 'help', description: '区里转办：独居老人求助' })).json.ticket.tier).toBe('community');
    expect((await f.create('community', { channel: 'referral', placeCode: t.codes.compound, categoryCode: 'help', description: 'x' })).status).toBe(403);
    expect((await f.create('township', { channel: 'referral', placeCode: t.codes.township, categoryCode: 'help', description: 'x' })).json.fields[0].field).toBe('placeCode');
  });
});

describe('idempotent create', () => {
  it('the same Idempotency-Key twice gives the first ticket, not a second', async () => {
    const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets'))[0].n;
    const before = await count();
    const first = await f.create('resident', clutter, { 'idempotency-key': 'retry-1' });
    const again = await f.create('resident', clutter, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json.ticket.id).toBe(first.json.ticket.id);
    expect(await count()).toBe(before + 1);
    // Another user's identical key is hers alone.
    expect((await f.create('member', clutter, { 'idempotency-key': 'retry-1' })).json.ticket.id).not.toBe(first.json.ticket.id);
    expect((await f.create('resident', clutter, { 'idempotency-key': 'bad key with spaces' })).status).toBe(400);
  });

  it('the answer to a create (built from what was written) is what reading the ticket gives, for each channel and creator', async () => {
    const building = t.codes.unit.slice(0, 18);
    const cases: Array<[string, Record<string, unknown>]> = [
      ['resident', clutter],
      // On the unit team the ticket goes to: she may act on it.
      ['member', { ...clutter, description: '楼道里又堆了杂物' }],
      ['resident', { channel: 'resident', description: '有个事情想反映一下' }],
      ['grid', { channel: 'patrol', placeCode: building, description: '1号楼门口有人乱贴小广告', caller: { name: '王大妈', phone: '13812345678' } }],
      ['grid', { channel: 'patrol', placeCode: building, description: '楼道垃圾没人清运' }],
      ['community', { channel: 'phone', placeCode: t.codes.compound, description: '小区里有车辆乱停', caller: { name: '李先生', phone: '13900001111' }, tier: 'community' }],
    ];
    for (const [who, body] of cases) {
      const created = await f.create(who, body, { 'idempotency-key': crypto.randomUUID() });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect(created.json, `${who} ${JSON.stringify(body)}`).toEqual(await f.get(who, created.json.ticket.id));
    }
  });

  it('five concurrent creates with one key make one ticket', async () => {
    const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets'))[0].n;
    const before = await count();
    const results = await Promise.all(Array.from({ length: 5 }, () => f.create('resident', clutter, { 'idempotency-key': 'burst-1' })));
    expect(await count()).toBe(before + 1);
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.json.ticket.id));
    expect(ids.size).toBe(1);
    // The others waited for the first one's transaction and got its answer.
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const after = await f.create('resident', clutter, { 'idempotency-key': 'burst-1' });
    expect(after.json.ticket.id).toBe([...ids][0]);
  });
});

describe('where a ticket belongs', () => {
  const metres = (m: number) => m / 111_320;

  it('a pin inside a compound’s outline: that compound; its unit and building tiers do not exist, so the compound team', async () => {
    const c2 = compounds[1];
    const res = await f.create('resident', { ...clutter, pin: { lat: c2.lat + metres(50), lng: c2.lng } });
    expect(res.json.ticket).toMatchObject({ placeCode: c2.code, compoundCode: c2.code, tier: 'compound_team', lat: c2.lat + metres(50) });
    expect(res.json.timeline[0].data.how).toBe('outline');
    expect(res.json.ticket.gridCode).not.toBeNull();
  });

  it('a pin in GCJ-02 (Chinese maps) is converted to WGS-84 first', async () => {
    const c3 = compounds[2];
    const [lng, lat] = gcoord.transform([c3.lng, c3.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const res = await f.create('resident', { ...clutter, pin: { lat, lng, crs: 'gcj02' } });
    expect(res.json.ticket.placeCode).toBe(c3.code);
    expect(res.json.ticket.lat).toBeCloseTo(c3.lat, 5);
  });

  it('a pin 200 m outside every outline: the nearest compound within 300 m', async () => {
    const c1 = compounds[0];
    const res = await f.create('resident', { ...clutter, pin: { lat: c1.lat + metres(200), lng: c1.lng } });
    expect(res.json.ticket).toMatchObject({ placeCode: c1.code, tier: 'compound_team' });
    expect(res.json.timeline[0].data.how).toBe('nearest');
  });

  it('a pin 1 km away: the community of the nearest compound (within 2 km), taken by the community', async () => {
    const c1 = compounds[0];
    const res = await f.create('resident', { ...clutter, pin: { lat: c1.lat - metres(1000), lng: c1.lng } });
    expect(res.json.ticket).toMatchObject({ placeCode: t.codes.community, compoundCode: null, gridCode: null, tier: 'community', teamId: null });
    expect(res.json.timeline[0].data.how).toBe('community');
  });

  it('a pin far from everything: the township of the reporter (属地兜底)', async () => {
    const c1 = compounds[0];
    const res = await f.create('resident', { ...clutter, pin: { lat: c1.lat + 0.5, lng: c1.lng } });
    expect(res.json.ticket).toMatchObject({ placeCode: t.codes.township, communityCode: null, tier: 'township', status: 'dispatched' });
    expect(res.json.timeline[0].data.how).toBe('township');
    // Staff of the county have no township to fall back on: they must name the place.
    expect((await f.create('county', { channel: 'referral', pin: { lat: c1.lat + 0.5, lng: c1.lng }, description: 'x' })).json.fields[0].field).toBe('pin');
  });

  it('a tier without a team is skipped upwards, at dispatch and at escalation', async () => {
    const unit2 = t.codes.building + '02';
    await t.database.query("DELETE FROM teams WHERE place_code = $1 AND kind = 'unit_team'", [unit2]);
    const res = await f.create('community', { channel: 'phone', placeCode: unit2 + '0101', description: '楼道杂物', categoryCode: 'clutter', caller: { name: '赵', phone: '13700001111' } });
    expect(res.json.ticket).toMatchObject({ tier: 'building_team', teamName: '幸福新邻里小区1号楼互助队' });
    expect(res.json.timeline[1].data).toMatchObject({ requestedTier: 'unit_team', tier: 'building_team' });
    const building2 = t.codes.compound + '002';
    await t.database.query("DELETE FROM teams WHERE place_code = $1 AND kind = 'building_team'", [building2]);
    const up = (await f.create('community', { channel: 'phone', placeCode: building2 + '010101', description: '楼道杂物', categoryCode: 'clutter', caller: { name: '赵', phone: '13700001111' } })).json.ticket;
    expect(up.tier).toBe('unit_team');
    const escalated = await f.act('community', up.id, 'escalate', { note: '单元组无法处理' });
    expect(escalated.json.ticket).toMatchObject({ tier: 'compound_team', teamName: '幸福新邻里小区共治团' });
  });
});

describe('reading', () => {
  it('the workbench queue by deadline; the dispatcher’s registered tickets; my own; a place list', async () => {
    const unit = await f.as('unit');
    const queue = (await unit.get('/api/v1/tickets?scope=queue')).json();
    expect(queue.total).toBeGreaterThan(0);
    expect(queue.items.every((x: Json) => x.tier === 'unit_team' && ['dispatched', 'in_progress'].includes(x.status) && x.placeCode.startsWith(t.codes.unit))).toBe(true);
    const due = queue.items.map((x: Json) => x.tierDeadlineAt);
    expect(due).toEqual([...due].sort());
    const dispatcher = (await (await f.as('community')).get('/api/v1/tickets?scope=queue&status=registered')).json();
    expect(dispatcher.items.length).toBeGreaterThan(0);
    expect(dispatcher.items.every((x: Json) => x.status === 'registered')).toBe(true);
    const mine = (await (await f.as('resident')).get('/api/v1/tickets?scope=mine&pageSize=5')).json();
    expect(mine.items).toHaveLength(5);
    expect(mine.total).toBeGreaterThan(5);
    expect((await (await f.as('resident')).get(`/api/v1/tickets?scope=place&place=${t.codes.community}`)).statusCode).toBe(403);
    const place = (await (await f.as('supervisor')).get(`/api/v1/tickets?scope=place&place=${t.codes.community}&pageSize=200`)).json();
    expect(place.total).toBeGreaterThan(10);
    expect((await (await f.as('supervisor')).get('/api/v1/tickets?scope=place')).json().fields[0].field).toBe('query.place');
    expect((await (await f.as('grid')).get(`/api/v1/tickets?scope=place&place=${t.codes.building}`)).statusCode).toBe(200);
  });

  it('confidential tickets: only the reporter and those who act on them read them or see them listed', async () => {
    const dispute = (await f.create('resident', { channel: 'resident', description: '和邻居因为漏水发生纠纷，需要调解', categoryCode: 'dispute' })).json.ticket;
    expect(dispute).toMatchObject({ confidential: true, tier: 'community' });
    for (const [who, status] of [['resident', 200], ['community', 200], ['township', 200], ['grid', 200], ['unit', 403], ['supervisor', 403], ['member', 403], ['grid2', 403]] as const) {
      expect({ who, status: (await (await f.as(who)).get(`/api/v1/tickets/${dispute.id}`)).statusCode }).toEqual({ who, status });
    }
    const listed = async (who: string) => (await (await f.as(who)).get(`/api/v1/tickets?scope=place&place=${t.codes.household}&pageSize=200`)).json().items.some((x: Json) => x.id === dispute.id);
    expect(await listed('community')).toBe(true);
    expect(await listed('supervisor')).toBe(false);
  });

  it('a reporter sees the public steps; staff see supervision and extensions too', async () => {
    const id = await f.ticketIn('in_progress');
    await f.act('township', id, 'supervise', { note: '请尽快' });
    expect((await f.get('resident', id)).timeline.map((e: Json) => e.type)).toEqual(['register', 'dispatch', 'accept']);
    expect((await f.get('unit', id)).timeline.map((e: Json) => e.type)).toEqual(['register', 'dispatch', 'accept', 'supervise']);
  });

  it('following: a neighbour in the community follows a public ticket, sees it in her list, and stops', async () => {
    // In another building: the member (of unit 1's team) has nothing to do with it.
    const elsewhere = await f.create('community', { channel: 'phone', placeCode: t.codes.compound + '003010101', description: '楼道杂物', categoryCode: 'clutter', caller: { name: '赵', phone: '13700001111' } });
    const id = elsewhere.json.ticket.id;
    const member = await f.as('member');
    expect((await member.get(`/api/v1/tickets/${id}`)).statusCode).toBe(403);
    const followed = await member.post(`/api/v1/tickets/${id}/follow`);
    expect(followed.statusCode).toBe(200);
    expect(followed.json()).toMatchObject({ following: true, ticket: { followers: 2 }, allowedActions: [] });
    expect((await member.get('/api/v1/tickets?scope=mine&pageSize=200')).json().items.some((x: Json) => x.id === id)).toBe(true);
    expect((await member.del(`/api/v1/tickets/${id}/follow`)).json()).toEqual({ ok: true });
    expect((await member.del(`/api/v1/tickets/${id}/follow`)).statusCode).toBe(404);
    expect((await findTicket(t.database.db, id))!.followers).toBe(1);
    expect((await (await f.as('grid2')).post(`/api/v1/tickets/${id}/follow`)).statusCode).toBe(403);
  });

  it('404 for no such ticket', async () => {
    expect((await (await f.as('community')).get('/api/v1/tickets/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await f.act('community', '00000000-0000-4000-8000-000000000000', 'accept')).status).toBe(404);
  });
});
