import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

async function residentIn(prefix: string, offset = 0) {
  const [r] = await t.database.query<{ id: string; name: string }>(
    "SELECT id, name FROM residents WHERE household_code LIKE $1 || '%' AND political_status = '群众' AND birth_date < '2000-01-01' ORDER BY household_code, id OFFSET $2 LIMIT 1",
    [prefix, offset],
  );
  return r;
}

describe('party members', () => {
  it('records a membership, keeps 政治面貌 in step, lists it under the place, and removes it', async () => {
    const c = await t.signIn('community');
    const r = await residentIn(t.codes.compound);
    const res = await c.request({ method: 'PUT', url: `/api/v1/residents/${r.id}/party-membership`, payload: { status: 'probationary', joinDate: '2025-07-01', membershipKept: 'community' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ residentId: r.id, status: 'probationary', joinDate: '2025-07-01', membershipKept: 'community' });
    const [p] = await t.database.query<{ political_status: string }>('SELECT political_status FROM residents WHERE id = $1', [r.id]);
    expect(p.political_status).toBe('中共预备党员');
    const list = (await c.get(`/api/v1/party-members?place=${t.codes.compound}&status=probationary`)).json();
    expect(list.map((m: { residentId: string }) => m.residentId)).toContain(r.id);
    const elsewhere = await c.request({ method: 'PUT', url: `/api/v1/residents/${r.id}/party-membership`, payload: { status: 'full', membershipKept: 'elsewhere' } });
    expect(elsewhere.json().fields[0].field).toBe('membershipOrg');
    expect((await c.del(`/api/v1/residents/${r.id}/party-membership`)).statusCode).toBe(200);
    const [q] = await t.database.query<{ political_status: string }>('SELECT political_status FROM residents WHERE id = $1', [r.id]);
    expect(q.political_status).toBe('群众');
  });

  it('a working member checks in where she lives, once; the check-in can end', async () => {
    const c = await t.signIn('community');
    const r = await residentIn(t.codes.compound, 1);
    const notMember = await c.post('/api/v1/member-checkins', { residentId: r.id, employer: '朔州市人民医院', employerPartyOrg: '朔州市人民医院党委' });
    expect(notMember.statusCode).toBe(400);
    await c.request({ method: 'PUT', url: `/api/v1/residents/${r.id}/party-membership`, payload: { status: 'full', membershipKept: 'elsewhere', membershipOrg: '朔州市人民医院党委' } });
    const ok = await c.post('/api/v1/member-checkins', { residentId: r.id, employer: '朔州市人民医院', employerPartyOrg: '朔州市人民医院党委' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ communityCode: t.codes.community, communityName: '马邑路中心社区', endedAt: null });
    const twice = await c.post('/api/v1/member-checkins', { residentId: r.id, employer: 'x', employerPartyOrg: 'y' });
    expect(twice.statusCode).toBe(409);
    const byEmployer = (await c.get(`/api/v1/member-checkins?employerPartyOrg=${encodeURIComponent('朔州市人民医院党委')}`)).json();
    expect(byEmployer.map((x: { residentId: string }) => x.residentId)).toEqual([r.id]);
    expect((await c.post(`/api/v1/member-checkins/${ok.json().id}/end`)).statusCode).toBe(200);
    expect((await c.post(`/api/v1/member-checkins/${ok.json().id}/end`)).statusCode).toBe(409);
    // The demo city has working members of its own checked in; hers is no longer among the active ones.
    expect((await c.get(`/api/v1/member-checkins?community=${t.codes.community}`)).json().map((x: { residentId: string }) => x.residentId)).not.toContain(r.id);
  });

  it('a resident who is a member checks herself in; she cannot check in a neighbour', async () => {
    const staff = await t.signIn('community');
    const resident = await t.signIn('resident');
    const me = (await resident.get('/api/v1/me')).json().user.residentId;
    await staff.request({ method: 'PUT', url: `/api/v1/residents/${me}/party-membership`, payload: { status: 'full', membershipKept: 'community' } });
    expect((await resident.post('/api/v1/member-checkins', { residentId: me, employer: '朔州市第一中学', employerPartyOrg: '朔州市第一中学党总支' })).statusCode).toBe(201);
    const other = await residentIn(t.codes.compound, 2);
    expect((await resident.post('/api/v1/member-checkins', { residentId: other.id, employer: 'x', employerPartyOrg: 'y' })).statusCode).toBe(403);
  });

  it('a transfer (转接) brings the membership into the community', async () => {
    const c = await t.signIn('secretary');
    const r = await residentIn(t.codes.compound, 3);
    await c.request({ method: 'PUT', url: `/api/v1/residents/${r.id}/party-membership`, payload: { status: 'full', membershipKept: 'elsewhere', membershipOrg: '朔州市煤炭局退休党支部' } });
    const req = await c.post('/api/v1/membership-transfers', { residentId: r.id, fromOrg: '朔州市煤炭局退休党支部', note: '退休转入' });
    expect(req.statusCode).toBe(201);
    expect(req.json().status).toBe('pending');
    const staff = await t.signIn('community');
    const done = await staff.post(`/api/v1/membership-transfers/${req.json().id}/complete`);
    expect(done.json().status).toBe('completed');
    expect((await staff.post(`/api/v1/membership-transfers/${req.json().id}/complete`)).statusCode).toBe(409);
    const m = (await staff.get(`/api/v1/party-members?place=${t.codes.compound}&kept=community`)).json();
    expect(m.find((x: { residentId: string }) => x.residentId === r.id)).toMatchObject({ membershipKept: 'community', membershipOrg: null });
    expect((await staff.get(`/api/v1/membership-transfers?community=${t.codes.community}`)).json()).toHaveLength(1);
  });

  it('new-employment workers register once per mobile per community, mobile masked', async () => {
    const c = await t.signIn('community');
    const body = { name: '赵骑手', mobile: '+86 139-0349-1234', occupation: '外卖骑手', company: '美团', communityCode: t.codes.community };
    const res = await c.post('/api/v1/gig-workers', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mobile: '139****1234', occupation: '外卖骑手' });
    const again = await c.post('/api/v1/gig-workers', { ...body, name: '赵某' });
    expect(again.statusCode).toBe(409);
    expect(again.json().fields[0].field).toBe('mobile');
    expect((await c.post('/api/v1/gig-workers', { ...body, mobile: '12345' })).json().fields[0].field).toBe('mobile');
    expect((await c.post('/api/v1/gig-workers', { ...body, occupation: '宇航员' })).json().fields[0].field).toBe('occupation');
    const [row] = await t.database.query<{ mobile_enc: string }>('SELECT mobile_enc FROM gig_workers');
    expect(t.cipher.decrypt(row.mobile_enc)).toBe('13903491234');
    expect((await c.get(`/api/v1/gig-workers?community=${t.codes.community}`)).json()).toHaveLength(1);
  });

  it('who may: grid workers, residents and property staff do not read the party roster; other communities neither', async () => {
    for (const who of ['grid', 'resident', 'property', 'unit']) {
      const c = await t.signIn(who);
      expect({ who, status: (await c.get(`/api/v1/party-members?place=${t.codes.compound}`)).statusCode }).toEqual({ who, status: 403 });
    }
    const secretary = await t.signIn('secretary');
    expect((await secretary.get(`/api/v1/party-members?place=${t.codes.compound}`)).statusCode).toBe(200);
    expect((await secretary.get(`/api/v1/party-members?place=${t.codes.community}002`)).statusCode).toBe(403);
    expect((await secretary.post('/api/v1/gig-workers', { name: 'x', mobile: '13900000000', occupation: '快递员', company: 'x', communityCode: t.codes.community })).statusCode).toBe(403);
    const supervisor = await t.signIn('supervisor');
    expect((await supervisor.get(`/api/v1/party-members?place=${t.codes.compound}`)).statusCode).toBe(200);
    expect((await supervisor.request({ method: 'PUT', url: `/api/v1/residents/${(await residentIn(t.codes.compound, 4)).id}/party-membership`, payload: { status: 'full', membershipKept: 'community' } })).statusCode).toBe(403);
  });
});

describe('roster and check-in scope', () => {
  it('the city admin lists members across the city', async () => {
    const admin = await t.signIn('admin');
    const list = (await admin.get('/api/v1/party-members?place=1406&pageSize=500')).json();
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((m: { householdCode: string }) => m.householdCode.slice(0, 6)))).toEqual(new Set(['140602', '140681']));
  });

  it('a branch secretary sees the check-ins of her compound only', async () => {
    const staff = await t.signIn('community');
    const elsewhere = await residentIn(t.codes.community + '002', 5);
    await staff.request({ method: 'PUT', url: `/api/v1/residents/${elsewhere.id}/party-membership`, payload: { status: 'full', membershipKept: 'community' } });
    expect((await staff.post('/api/v1/member-checkins', { residentId: elsewhere.id, employer: '朔州市税务局', employerPartyOrg: '朔州市税务局党组' })).statusCode).toBe(201);
    const secretary = await t.signIn('secretary');
    const seen = (await secretary.get('/api/v1/member-checkins')).json().map((c: { residentId: string }) => c.residentId);
    expect(seen).not.toContain(elsewhere.id);
    const all = (await staff.get('/api/v1/member-checkins')).json().map((c: { residentId: string }) => c.residentId);
    expect(all).toContain(elsewhere.id);
  });
});
