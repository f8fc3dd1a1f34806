import sharp from 'sharp';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let staff: Client;

beforeAll(async () => {
  t = await createTestContext({ UPLOADS_DIR: `/tmp/linli-disclosure-test-${process.pid}` });
  staff = await t.signIn('community');
});
afterAll(() => t?.close());

const finance = () => ({
  communityCode: t.codes.community,
  kind: 'finance',
  title: '2026年10月社区经费收支公开',
  body: '本月经费收支如下。',
  period: '2026-10',
  visibility: 'residents',
  ledger: [
    { occurredOn: '2026-10-03', item: '上级拨付党群服务经费', income: 20000, expense: 0 },
    { occurredOn: '2026-10-12', item: '楼道灯具更换', income: 0, expense: 3260.5, note: '发票3张' },
    { occurredOn: '2026-10-20', item: '重阳节慰问老人', income: 0, expense: 1800.25 },
  ],
});

describe('居务公开', () => {
  it('a finance post carries its ledger and totals; the community’s residents read it, others do not', async () => {
    const res = await staff.post('/api/v1/disclosures', finance());
    expect(res.statusCode, res.body).toBe(201);
    const post = res.json();
    expect(post.totals).toEqual({ income: 20000, expense: 5060.75, balance: 14939.25 });
    const resident = await t.signIn('resident');
    expect((await resident.get(`/api/v1/disclosures/${post.id}`)).statusCode).toBe(200);
    expect((await t.anonymous.get(`/api/v1/disclosures/${post.id}`)).statusCode).toBe(401);
    const [far] = await t.database.query<{ code: string }>(`SELECT code FROM places WHERE level = 'community' AND code LIKE '140681%' LIMIT 1`);
    expect((await t.anonymous.get(`/api/v1/disclosures?community=${t.codes.community}`)).json()).toEqual([]);
    expect((await (await t.signIn('county')).get(`/api/v1/disclosures/${post.id}`)).statusCode).toBe(200);
    expect(far.code).not.toBe(t.codes.community);
  });

  it('a public post is read by anyone, with the result of a closed vote', async () => {
    const v = (await staff.post('/api/v1/votes', { kind: 'matter', method: 'household', title: '是否加装电梯', placeCode: t.codes.unit })).json();
    await staff.post(`/api/v1/votes/${v.id}/open`);
    const voters = (await staff.get(`/api/v1/votes/${v.id}/voters`)).json();
    for (const x of voters.slice(0, 4)) await staff.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: x.voterKey, choices: ['agree'] });
    await staff.post(`/api/v1/votes/${v.id}/close`);
    const res = await staff.post('/api/v1/disclosures', { communityCode: t.codes.community, kind: 'affairs', title: '加装电梯表决结果公示', body: '表决结果如下。', period: '2026-11', visibility: 'public', voteId: v.id });
    expect(res.statusCode, res.body).toBe(201);
    const list = (await t.anonymous.get(`/api/v1/disclosures?community=${t.codes.community}`)).json();
    expect(list).toHaveLength(1);
    expect(list[0].vote).toMatchObject({ title: '是否加装电梯', passed: true, electorate: 6, participation: 4, options: [{ label: '同意', votes: 4 }, { label: '反对', votes: 0 }, { label: '弃权', votes: 0 }] });
    const open = (await staff.post('/api/v1/votes', { kind: 'matter', method: 'household', title: '未结束', placeCode: t.codes.unit })).json();
    const notClosed = await staff.post('/api/v1/disclosures', { communityCode: t.codes.community, kind: 'affairs', title: '未结束表决', body: 'x', period: '2026-11', visibility: 'public', voteId: open.id });
    expect(notClosed.json().fields[0].field).toBe('voteId');
  });

  it('attachments follow their post’s visibility; only PDF, images and xlsx', async () => {
    const post = (await staff.post('/api/v1/disclosures', finance())).json();
    const pdf = Buffer.from('%PDF-1.4\n%test\n');
    const up = await staff.request({ method: 'POST', url: `/api/v1/disclosures/${post.id}/attachments?fileName=${encodeURIComponent('发票.pdf')}`, payload: pdf, headers: { 'content-type': 'application/pdf' } });
    expect(up.statusCode, up.body).toBe(201);
    const att = up.json().attachments[0];
    expect(att).toMatchObject({ fileName: '发票.pdf', mime: 'application/pdf', size: pdf.length });
    const resident = await t.signIn('resident');
    const got = await resident.get(att.url);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect((await t.anonymous.get(att.url)).statusCode).toBe(401);
    const exe = await staff.request({ method: 'POST', url: `/api/v1/disclosures/${post.id}/attachments?fileName=a.exe`, payload: Buffer.from('MZ'), headers: { 'content-type': 'application/x-msdownload' } });
    expect(exe.statusCode).toBe(415);
  });

  it('an attachment must be what its type says; images lose their metadata; xlsx is kept as sent', async () => {
    const post = (await staff.post('/api/v1/disclosures', finance())).json();
    const attach = (name: string, type: string, payload: Buffer) =>
      staff.request({ method: 'POST', url: `/api/v1/disclosures/${post.id}/attachments?fileName=${encodeURIComponent(name)}`, payload, headers: { 'content-type': type } });
    const fake = await attach('发票.pdf', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().fields[0].field).toBe('file');
    expect((await attach('照片.png', 'image/png', Buffer.from('%PDF-1.4'))).statusCode).toBe(400);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c8102e' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'GPS-SECRET-42' } } })
      .toBuffer();
    expect(photo.includes('GPS-SECRET-42')).toBe(true);
    const up = await attach('现场.jpg', 'image/jpeg', photo);
    expect(up.statusCode, up.body).toBe(201);
    const stored = await staff.get(up.json().attachments[0].url);
    expect(stored.headers['content-type']).toBe('image/jpeg');
    expect(stored.rawPayload.includes('GPS-SECRET-42')).toBe(false);
    expect((await sharp(stored.rawPayload).metadata()).width).toBe(40);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('收支').addRow(['日期', '事项', '金额']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const sheet = await attach('收支明细.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
    expect(sheet.statusCode, sheet.body).toBe(201);
    expect((await staff.get(sheet.json().attachments[1].url)).rawPayload.equals(xlsx)).toBe(true);
  });

  it('periods filter and the archive keeps old posts apart', async () => {
    const old = (await staff.post('/api/v1/disclosures', { ...finance(), period: '2025-Q4', title: '2025年第四季度党费收缴公开', kind: 'party', ledger: undefined })).json();
    expect((await staff.get(`/api/v1/disclosures?community=${t.codes.community}&period=2025`)).json().map((p: { id: string }) => p.id)).toEqual([old.id]);
    expect((await staff.post(`/api/v1/disclosures/${old.id}/archive`)).json().archivedAt).not.toBeNull();
    expect((await staff.get(`/api/v1/disclosures?community=${t.codes.community}&period=2025`)).json()).toEqual([]);
    expect((await staff.get(`/api/v1/disclosures?community=${t.codes.community}&archived=true`)).json().map((p: { id: string }) => p.id)).toEqual([old.id]);
    const ledgerOnAffairs = await staff.post('/api/v1/disclosures', { ...finance(), kind: 'affairs' });
    expect(ledgerOnAffairs.json().fields[0].field).toBe('ledger');
    const badPeriod = await staff.post('/api/v1/disclosures', { ...finance(), period: '2026-13' });
    expect(badPeriod.json().fields[0].field).toBe('period');
  });

  it('only leaders publish and archive', async () => {
    for (const who of ['resident', 'grid', 'unit', 'building', 'property', 'supervisor']) {
      expect((await (await t.signIn(who)).post('/api/v1/disclosures', finance())).statusCode, who).toBe(403);
    }
  });
});
