import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { shanghaiDay } from '../tickets/ticket-clock.js';

let t: TestContext;
let publisher: Client;
const day = (offset: number) => shanghaiDay(new Date(Date.now() + offset * 86_400_000));
let noticeId: string;

beforeAll(async () => {
  t = await createTestContext();
  publisher = await t.signIn('admin');
  const res = await publisher.post('/api/v1/notices', {
    placeCode: t.codes.city,
    title: '中共朔州市委组织部干部任前公示',
    body: '现对市委研究拟任干部予以公示。张某某，男，1978年生，拟任某局局长。',
    publisher: '中共朔州市委组织部',
    contact: '朔州市振华西街1号市委组织部干部监督科，邮政编码：036002',
    startsOn: day(-2),
    endsOn: day(4),
  });
  expect(res.statusCode, res.body).toBe(201);
  noticeId = res.json().id;
});
afterAll(() => t?.close());

describe('public notices', () => {
  it('anyone reads a notice and its window', async () => {
    const n = (await t.anonymous.get(`/api/v1/notices/${noticeId}`)).json();
    expect(n).toMatchObject({ state: 'open', publisher: '中共朔州市委组织部', startsOn: day(-2), endsOn: day(4) });
    expect((await t.anonymous.get('/api/v1/notices')).json().map((x: { id: string }) => x.id)).toContain(noticeId);
  });

  it('takes feedback only during the window', async () => {
    const early = (await publisher.post('/api/v1/notices', { placeCode: t.codes.community, title: '将来的公示', body: '内容内容', publisher: '社区', startsOn: day(1), endsOn: day(7) })).json();
    const late = (await publisher.post('/api/v1/notices', { placeCode: t.codes.community, title: '过去的公示', body: '内容内容', publisher: '社区', startsOn: day(-9), endsOn: day(-1) })).json();
    expect(early.state).toBe('upcoming');
    expect(late.state).toBe('ended');
    for (const id of [early.id, late.id]) {
      const res = await t.anonymous.post(`/api/v1/notices/${id}/feedback`, { content: '反映一个问题内容', anonymous: true });
      expect(res.statusCode).toBe(409);
    }
    const bad = await publisher.post('/api/v1/notices', { placeCode: t.codes.community, title: '倒置', body: '内容内容', publisher: '社区', startsOn: day(3), endsOn: day(1) });
    expect(bad.json().fields[0].field).toBe('endsOn');
  });

  it('named feedback needs a name and a valid mobile; anonymous feedback carries neither', async () => {
    const noName = await t.anonymous.post(`/api/v1/notices/${noticeId}/feedback`, { content: '反映情况的内容', anonymous: false, phone: '13912345678' });
    expect(noName.json().fields[0].field).toBe('name');
    const badPhone = await t.anonymous.post(`/api/v1/notices/${noticeId}/feedback`, { content: '反映情况的内容', anonymous: false, name: '王某', phone: '12345' });
    expect(badPhone.json().fields[0].field).toBe('phone');
    const mixed = await t.anonymous.post(`/api/v1/notices/${noticeId}/feedback`, { content: '反映情况的内容', anonymous: true, name: '王某' });
    expect(mixed.json().fields[0].field).toBe('name');
  });
});

describe('confidential feedback', () => {
  let receipt: string;
  let anonymousReceipt: string;

  it('a named feedback’s identity is stored encrypted and shown to the supervisor only', async () => {
    const res = await t.anonymous.post(`/api/v1/notices/${noticeId}/feedback`, { content: '张某某在任职期间存在违规问题，请核实。', anonymous: false, name: '王举报', phone: '13912345678' });
    expect(res.statusCode, res.body).toBe(201);
    receipt = res.json().receiptCode;
    expect(receipt).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const resident = await t.signIn('resident');
    anonymousReceipt = (await resident.post(`/api/v1/notices/${noticeId}/feedback`, { content: '匿名反映：工作作风问题。', anonymous: true })).json().receiptCode;

    const [raw] = await t.database.query<Record<string, unknown>>(`SELECT * FROM notice_feedback WHERE receipt_code = $1`, [receipt]);
    expect(JSON.stringify(raw)).not.toContain('王举报');
    expect(JSON.stringify(raw)).not.toContain('13912345678');

    const supervisor = await t.signIn('supervisor');
    const seen = (await supervisor.get(`/api/v1/notices/${noticeId}/feedback`)).json();
    expect(seen.find((f: { content: string }) => f.content.startsWith('张某某')).sender).toEqual({ name: '王举报', phone: '13912345678', account: null });
    // A signed-in resident's anonymous feedback keeps her account sealed for the supervisor alone.
    expect(seen.find((f: { content: string }) => f.content.startsWith('匿名')).sender).toEqual({ name: null, phone: null, account: 'resident' });
    const [audit] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'notice.feedback.reveal'`);
    expect(audit.n).toBeGreaterThan(0);
  });

  it('every other role sees the content at most, never who sent it', async () => {
    for (const who of ['admin', 'county', 'township', 'community', 'secretary', 'grid', 'grid2', 'building', 'unit', 'resident', 'property']) {
      const c = await t.signIn(who);
      const res = await c.get(`/api/v1/notices/${noticeId}/feedback`);
      if (res.statusCode === 200) {
        for (const f of res.json()) expect(f.sender, who).toBeNull();
        expect(res.body, who).not.toContain('王举报');
        expect(res.body, who).not.toContain('13912345678');
      } else expect(res.statusCode, who).toBe(403);
      // The public pages and receipts never carry it either.
      const pub = await c.get(`/api/v1/notices/${noticeId}`);
      expect(pub.body).not.toContain('王举报');
    }
    // A supervisor of another county is not this notice's supervisor.
    const admin = await t.signIn('admin');
    const u = (await admin.post('/api/v1/users', { username: 'sup.other', displayName: '外县纪检', password: 'a-long-password' })).json();
    expect((await admin.post(`/api/v1/users/${u.id}/grants`, { role: 'supervisor', scopeKind: 'place', scopeCode: '140681' })).statusCode).toBe(201);
    const outsider = await t.signIn('sup.other', 'a-long-password');
    expect((await outsider.get(`/api/v1/notices/${noticeId}/feedback`)).statusCode).toBe(403);
    // Nor does the audit log, which city admins read, carry it.
    const audit = await admin.get('/api/v1/audit');
    expect(audit.statusCode).toBe(200);
    expect(audit.body).not.toContain('王举报');
    expect(audit.body).not.toContain('13912345678');
    expect((await (await t.signIn('resident')).get(`/api/v1/notices/${noticeId}/feedback`)).statusCode).toBe(403);
    expect((await t.anonymous.get(`/api/v1/notices/${noticeId}/feedback`)).statusCode).toBe(401);
    const receiptView = await t.anonymous.get(`/api/v1/notice-receipts/${receipt}`);
    expect(receiptView.body).not.toContain('王举报');
    expect(receiptView.body).not.toContain('139');
  });

  it('the supervisor answers; the receipt code then shows the outcome', async () => {
    expect((await t.anonymous.get(`/api/v1/notice-receipts/${receipt}`)).json()).toMatchObject({ status: 'received', outcome: null, noticeTitle: '中共朔州市委组织部干部任前公示' });
    const supervisor = await t.signIn('supervisor');
    const list = (await supervisor.get(`/api/v1/notices/${noticeId}/feedback`)).json();
    const id = list.find((f: { content: string }) => f.content.startsWith('张某某')).id;
    for (const who of ['admin', 'community']) expect((await (await t.signIn(who)).post(`/api/v1/notice-feedback/${id}/answer`, { outcome: '不行' })).statusCode, who).toBe(403);
    const answered = await supervisor.post(`/api/v1/notice-feedback/${id}/answer`, { outcome: '经核查，反映问题不属实，已向反映人说明。' });
    expect(answered.statusCode, answered.body).toBe(200);
    const after = (await t.anonymous.get(`/api/v1/notice-receipts/${receipt.toLowerCase()}`)).json();
    expect(after).toMatchObject({ status: 'answered', outcome: '经核查，反映问题不属实，已向反映人说明。' });
    expect((await t.anonymous.get(`/api/v1/notice-receipts/${anonymousReceipt}`)).json().status).toBe('received');
    expect((await t.anonymous.get('/api/v1/notice-receipts/AAAA-BBBB-CCCC')).statusCode).toBe(404);
  });

  it('only publishers in scope publish', async () => {
    const body = { placeCode: t.codes.community, title: '社区公示', body: '内容内容', publisher: '社区', startsOn: day(0), endsOn: day(5) };
    for (const who of ['resident', 'grid', 'unit', 'building', 'property', 'supervisor']) expect((await (await t.signIn(who)).post('/api/v1/notices', body)).statusCode, who).toBe(403);
    expect((await (await t.signIn('community')).post('/api/v1/notices', body)).statusCode).toBe(201);
    expect((await (await t.signIn('community')).post('/api/v1/notices', { ...body, placeCode: t.codes.city })).statusCode).toBe(403);
  });
});
