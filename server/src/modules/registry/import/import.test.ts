/** Resident import and export over HTTP, on a real database: rows and reasons, upserts, encodings, places, policy, exports. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../../testing/harness.js';
import { checkIdNumber, idCheckDigit } from '../../../../../contracts/validation.js';
import { IMPORT_COLUMNS, XLSX_TYPE } from '../../../../../contracts/registry-import.js';
import { idNumber, prng } from '../../../seed/people.js';
import { failInterruptedImports } from './import.service.js';

let t: TestContext;
let staff: Client;
beforeAll(async () => {
  t = await createTestContext();
  staff = await t.signIn('community');
});
afterAll(() => t?.close());

const rng = prng(4242);
/** A fresh valid ID number of the given gender (county 140602). */
function newId(gender: '男' | '女' = '男', year = 1980): string {
  return idNumber(rng, '140602', new Date(Date.UTC(year, rng.int(0, 11), rng.int(1, 28))), gender);
}

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;
function person(over: Row = {}): Row {
  return { 姓名: '王测试', 性别: '男', 身份证号: newId('男'), 联系电话: '13912345678', 小区: '幸福新邻里小区', 楼栋: '1号楼', 单元: '1单元', 房号: '101', 与户主关系: '本人', 政治面貌: '群众', 居住状态: '常住', ...over };
}

function csvOf(rows: Row[]): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [IMPORT_COLUMNS.join(','), ...rows.map((r) => IMPORT_COLUMNS.map((c) => q(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}

async function xlsxOf(rows: Row[], numericIds = false): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民');
  ws.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(IMPORT_COLUMNS.map((c) => (numericIds && c === '身份证号' && r[c] ? Number(r[c]) : (r[c] ?? ''))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(client: Client, body: Buffer | string, opts: { type?: string; community?: string; createPlaces?: boolean; key?: string } = {}) {
  const qs = new URLSearchParams({ community: opts.community ?? t.codes.community, ...(opts.createPlaces ? { createPlaces: 'true' } : {}) });
  return client.request({
    method: 'POST',
    url: `/api/v1/registry/imports?${qs}`,
    headers: { 'content-type': opts.type ?? 'text/csv', ...(opts.key ? { 'idempotency-key': opts.key } : {}) },
    payload: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  });
}

async function waitJob(client: Client, jobId: string) {
  for (let i = 0; i < 300; i++) {
    const res = await client.get(`/api/v1/registry/imports/${jobId}`);
    expect(res.statusCode).toBe(200);
    const job = res.json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

async function importCsv(rows: Row[] | string | Buffer, opts: Parameters<typeof upload>[2] = {}, client = staff) {
  const res = await upload(client, typeof rows === 'string' || Buffer.isBuffer(rows) ? rows : csvOf(rows), opts);
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitJob(client, res.json().jobId);
  expect(job.status, job.error).toBe('done');
  return job;
}

async function residentByName(name: string) {
  return t.database.query<Record<string, string>>('SELECT r.*, pm.status AS pm_status, pm.membership_kept, pm.membership_org FROM residents r LEFT JOIN party_members pm ON pm.resident_id = r.id WHERE r.name = $1', [name]);
}

describe('importing a file with mixed bad rows', () => {
  const good = {
    a: person({ 姓名: '赵一', 房号: '901', 政治面貌: '中共党员', 党组织关系所在: '本社区', 标签: '退役军人、志愿者' }),
    b: person({ 姓名: '钱二', 性别: '女', 身份证号: newId('女'), 房号: '901', 与户主关系: '配偶', 政治面貌: '中共预备党员', 党组织关系所在: '朔州市某单位党支部' }),
    c: person({ 姓名: '孙三', 性别: '', 身份证号: newId('男').replace(/.$/, (d) => d), 联系电话: '', 房号: '902室', 居住状态: '暂住' }),
  };
  const dupId = newId('女');
  const badCheck = (() => {
    const id = newId('男');
    return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  })();
  const rows: Row[] = [
    good.a, // row 2
    person({ 姓名: '' }), // 3
    person({ 身份证号: badCheck }), // 4
    good.b, // 5
    person({ 身份证号: '140602199002301234' }), // 6 no such date
    person({ 性别: '女' }), // 7 ID says male
    person({ 联系电话: '1234567' }), // 8
    person({ 身份证号: '' }), // 9
    person({ 姓名: '李重复', 性别: '女', 身份证号: dupId }), // 10
    person({ 姓名: '李重复二', 性别: '女', 身份证号: dupId }), // 11 second occurrence
    person({ 小区: '不存在的小区' }), // 12
    person({ 政治面貌: '党外人士' }), // 13
    person({ 政治面貌: '中共党员', 党组织关系所在: '' }), // 14
    person({ 居住状态: '出租' }), // 15
    good.c, // 16
    person({ 楼栋: '99号楼' }), // 17
  ];
  const expected = [
    { row: 3, column: '姓名', reason: '必填' },
    { row: 4, column: '身份证号', reason: '校验位错误' },
    { row: 6, column: '身份证号', reason: '出生日期 19900230 不是有效日期' },
    { row: 7, column: '性别', reason: '与身份证号不符（身份证号为男性）' },
    { row: 8, column: '联系电话', reason: '不是有效的手机号（11位，以1开头）' },
    { row: 9, column: '身份证号', reason: '必填' },
    { row: 11, column: '身份证号', reason: '与第10行的身份证号重复' },
    { row: 12, column: '小区', reason: '本社区没有名为“不存在的小区”的小区（如需自动新建，请勾选“自动新建小区/楼栋/单元”）' },
    { row: 13, column: '政治面貌', reason: '应为 群众、中共党员、中共预备党员、共青团员、其他 之一' },
    { row: 14, column: '党组织关系所在', reason: '党员必填：“本社区”或所在党组织的名称' },
    { row: 15, column: '居住状态', reason: '应为 常住、暂住、空挂户 之一' },
    { row: 17, column: '楼栋', reason: '幸福新邻里小区没有名为“99号楼”的楼栋（如需自动新建，请勾选“自动新建小区/楼栋/单元”）' },
  ];

  it('imports the valid rows and rejects exactly the bad ones, with row, column and reason', async () => {
    const job = await importCsv(rows);
    expect(job.rejected).toEqual(expected);
    expect(job).toMatchObject({ total: rows.length, processed: rows.length, imported: 4, updated: 0, rejectedCount: expected.length });
    const [a] = await residentByName('赵一');
    expect(a.id_number_enc).toMatch(/^v1\./);
    expect(t.cipher.decrypt(a.id_number_enc)).toBe(good.a.身份证号);
    expect(a.id_number_masked).toBe(good.a.身份证号!.slice(0, 4) + '**********' + good.a.身份证号!.slice(-4));
    expect(a.mobile_masked).toBe('139****5678');
    expect(a.tags).toEqual(['退役军人', '志愿者']);
    expect(a).toMatchObject({ pm_status: 'full', membership_kept: 'community', membership_org: null, gender: '男' });
    const [b] = await residentByName('钱二');
    expect(b).toMatchObject({ pm_status: 'probationary', membership_kept: 'elsewhere', membership_org: '朔州市某单位党支部', relation: '配偶' });
    expect(a.household_code).toBe(b.household_code);
    const [c] = await residentByName('孙三');
    expect(c).toMatchObject({ gender: '男', mobile_enc: null, residence_status: '暂住', pm_status: null });
    // 房号 901 and 902室 became households 901室 and 902室 under 幸福新邻里小区 1号楼 1单元, with 4-digit codes.
    const households = await t.database.query<{ code: string; name: string }>("SELECT code, name FROM places WHERE parent_code = $1 AND name IN ('901室', '902室') ORDER BY name", [t.codes.unit]);
    expect(households.map((h) => h.name)).toEqual(['901室', '902室']);
    for (const h of households) expect(h.code).toMatch(new RegExp(`^${t.codes.unit}\\d{4}$`));
    expect(households.map((h) => h.code)).toContain(a.household_code);
    // The import is audited.
    const audit = await t.database.query<{ detail: { imported: number } }>("SELECT detail FROM audit_log WHERE action = 'resident.import' AND target_id = $1", [t.codes.community]);
    expect(audit.at(-1)!.detail.imported).toBe(4);
  });

  it('re-importing the same file is a no-op, and the report lists the same rows', async () => {
    const placesBefore = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM places');
    const job = await importCsv(rows);
    expect(job).toMatchObject({ imported: 0, updated: 0, rejectedCount: expected.length });
    expect(job.rejected).toEqual(expected);
    expect(await t.database.query('SELECT count(*)::int AS n FROM places')).toEqual(placesBefore);
    const report = await staff.get(`/api/v1/registry/imports/${job.id}/rejected`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '行号', '列', '原因']);
    const got: unknown[] = [];
    ws.eachRow((r, n) => n > 1 && got.push({ row: r.getCell(1).value, column: r.getCell(2).value, reason: r.getCell(3).value }));
    expect(got).toEqual(expected);
  });

  it('worker threads find the same faults as the importing thread, a repeat across batches included, and change nothing', async () => {
    const { importResidents } = await import('./import.service.js');
    const { openSheet } = await import('./import.sheet.js');
    // A repeated ID number that also has a later fault: the repeat is what is reported (as in one thread).
    const repeatWithFault = person({ 姓名: '李重复三', 性别: '男', 身份证号: dupId, 联系电话: '123' });
    const file = Buffer.from(csvOf([...rows, repeatWithFault]));
    // Batches of 3: rows 10 and 11 (the repeat) are prepared in different batches, by different workers.
    const s = await importResidents(t.database.db, t.cipher, await openSheet({ buffer: file }), { communityCode: t.codes.community, createPlaces: false, scope: null, batchSize: 3, prepareWorkers: 2, workerRows: 0 });
    expect(s).toMatchObject({ total: rows.length + 1, imported: 0, updated: 0 });
    expect(s.rejected).toEqual([...expected, { row: rows.length + 2, column: '身份证号', reason: '与第10行的身份证号重复' }]);
  });

  it('a changed mobile is one update; leaving the party ends the membership', async () => {
    const changed = rows.map((r) => (r === good.a ? { ...r, 联系电话: '13800001111' } : r));
    expect(await importCsv(changed)).toMatchObject({ imported: 0, updated: 1 });
    const [a] = await residentByName('赵一');
    expect(t.cipher.decrypt(a.mobile_enc)).toBe('13800001111');
    const left = changed.map((r) => (r === good.b ? { ...r, 政治面貌: '群众', 党组织关系所在: '' } : r));
    expect(await importCsv(left)).toMatchObject({ imported: 0, updated: 1 });
    const [b] = await residentByName('钱二');
    expect(b).toMatchObject({ political_status: '群众', pm_status: null });
    // Only the membership's organisation changes: still an update.
    const moved = left.map((r) => (r.姓名 === '赵一' ? { ...r, 党组织关系所在: '朔城区某学校党支部' } : r));
    expect(await importCsv(moved)).toMatchObject({ imported: 0, updated: 1 });
    expect((await residentByName('赵一'))[0]).toMatchObject({ membership_kept: 'elsewhere', membership_org: '朔城区某学校党支部' });
  });
});

describe('file formats', () => {
  /** GB18030 bytes for a text (Node has no GBK encoder: invert the decoder over the two-byte range). */
  function gbk(text: string): Buffer {
    const table = new Map<string, number[]>();
    const dec = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
    const out: number[] = [];
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
      else out.push(...table.get(ch)!);
    }
    return Buffer.from(out);
  }

  it('reads a CSV saved by Excel as GBK, and a UTF-8 one with a BOM', async () => {
    const g = person({ 姓名: '周国标', 房号: '301', 标签: '独居老人' });
    const job = await importCsv(gbk(csvOf([g])));
    expect(job).toMatchObject({ imported: 1, rejectedCount: 0 });
    const [r] = await residentByName('周国标');
    expect(r.tags).toEqual(['独居老人']);
    const u = person({ 姓名: '吴带签', 房号: '301' });
    expect(await importCsv('\uFEFF' + csvOf([u]))).toMatchObject({ imported: 1, rejectedCount: 0 });
  });

  it('reads xlsx; an ID number stored as a number is rejected with a reason that says so', async () => {
    const rows = [person({ 姓名: '郑表格', 房号: '302' }), person({ 姓名: '郑数字', 房号: '302' })];
    const file = await xlsxOf(rows);
    const res = await upload(staff, file, { type: XLSX_TYPE });
    expect(res.statusCode).toBe(202);
    expect(await waitJob(staff, res.json().jobId)).toMatchObject({ imported: 2, rejectedCount: 0 });
    const numeric = await xlsxOf([person({ 姓名: '郑数字二', 房号: '302' })], true);
    const job = await waitJob(staff, (await upload(staff, numeric, { type: XLSX_TYPE })).json().jobId);
    expect(job.rejected).toEqual([{ row: 2, column: '身份证号', reason: expect.stringContaining('数字格式') }]);
  });

  it('the template downloads with its header, a sample row that is skipped, and drop-down lists', async () => {
    const res = await staff.get('/api/v1/registry/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...IMPORT_COLUMNS]);
    expect(String(ws.getRow(2).getCell(1).value)).toContain('示例');
    expect(checkIdNumber(String(ws.getRow(2).getCell(3).value)).ok).toBe(true);
    expect(ws.getCell('J2').dataValidation).toMatchObject({ type: 'list' });
    const job = await waitJob(staff, (await upload(staff, res.rawPayload, { type: XLSX_TYPE })).json().jobId);
    expect(job).toMatchObject({ total: 0, imported: 0, rejectedCount: 0 });
  });

  it.each([
    ['random bytes as xlsx', Buffer.from('PK\u0003\u0004 this is not really a zip'), XLSX_TYPE, 400, 'file'],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), 'text/csv', 415, 'file'],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'application/vnd.ms-excel', 415, 'file'],
    ['binary junk', Buffer.from([1, 2, 0, 3, 4, 0, 5]), 'application/octet-stream', 415, 'file'],
    ['JSON', Buffer.from('{"a":1}'), 'application/json', 415, 'content-type'],
    ['plain text', Buffer.from('hello'), 'text/plain', 415, 'content-type'],
    ['an image', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png', 415, 'content-type'],
    ['a CSV with the wrong header', Buffer.from('name,id\nA,1\n'), 'text/csv', 400, 'file'],
    ['a CSV lacking a column', Buffer.from(IMPORT_COLUMNS.filter((c) => c !== '房号').join(',') + '\n'), 'text/csv', 400, 'file'],
    ['an empty body', Buffer.alloc(0), 'text/csv', 400, 'file'],
  ])('%s is refused, naming the field', async (_what, body, type, status, field) => {
    const res = await upload(staff, body, { type });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('a missing or malformed community is a 400, an unknown one a 404, a non-community a 400', async () => {
    const csv = csvOf([person()]);
    const noCommunity = await staff.request({ method: 'POST', url: '/api/v1/registry/imports', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(noCommunity.statusCode).toBe(400);
    expect(noCommunity.json().fields[0].field).toContain('community');
    expect((await upload(staff, csv, { community: '14060200100' })).statusCode).toBe(400);
    expect((await upload(staff, csv, { community: '140602001999' })).statusCode).toBe(404);
  });
});

describe('places named in the file', () => {
  const rows = () => [person({ 姓名: '新小区甲', 小区: '新建花园', 楼栋: '3', 单元: '2', 房号: '1501' }), person({ 姓名: '新小区乙', 小区: '新建花园', 楼栋: '3', 单元: '2', 房号: '1502' })];

  it('an unknown compound rejects the row unless the import may create places', async () => {
    const file = rows();
    const refused = await importCsv(file);
    expect(refused.rejected.map((r: { row: number; column: string }) => [r.row, r.column])).toEqual([
      [2, '小区'],
      [3, '小区'],
    ]);
    expect(await t.database.query("SELECT 1 FROM places WHERE name = '新建花园'")).toEqual([]);

    const created = await importCsv(file, { createPlaces: true });
    expect(created).toMatchObject({ imported: 2, rejectedCount: 0 });
    const [compound] = await t.database.query<{ code: string; parent_code: string; level: string }>("SELECT code, parent_code, level FROM places WHERE name = '新建花园'");
    expect(compound).toMatchObject({ parent_code: t.codes.community, level: 'compound' });
    expect(compound.code).toMatch(/^\d{15}$/);
    const below = await t.database.query<{ code: string; name: string; level: string }>('SELECT code, name, level FROM places WHERE code LIKE $1 ORDER BY code', [compound.code + '%']);
    expect(below.map((p) => [p.level, p.name, p.code.length])).toEqual([
      ['compound', '新建花园', 15],
      ['building', '3号楼', 18],
      ['unit', '2单元', 20],
      ['household', '1501室', 24],
      ['household', '1502室', 24],
    ]);
    expect(below[1].code).toBe(compound.code + '001');
    // Each created place has its history, from the import.
    const history = await t.database.query<{ action: string; note: string }>('SELECT action, note FROM place_history WHERE place_code LIKE $1', [compound.code + '%']);
    expect(history).toHaveLength(5);
    expect(history.every((h) => h.action === 'create' && h.note.includes('导入'))).toBe(true);
    // The next compound of the community got the next free sequence.
    const siblings = await t.database.query<{ code: string }>("SELECT code FROM places WHERE parent_code = $1 AND level = 'compound' ORDER BY code", [t.codes.community]);
    expect(siblings.at(-1)!.code).toBe(compound.code);
    // Again, with create-places or not: nothing changes.
    expect(await importCsv(file)).toMatchObject({ imported: 0, updated: 0, rejectedCount: 0 });
  });
});

describe('export', () => {
  async function readXlsx(buf: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const out: string[][] = [];
    ws.eachRow((r) => out.push(IMPORT_COLUMNS.map((_, i) => String(r.getCell(i + 1).value ?? ''))));
    return out;
  }

  it('round trip: an unmasked export of a compound, imported again, changes nothing', async () => {
    const file = [
      person({ 姓名: '回环甲', 小区: '回环苑', 楼栋: '1', 单元: '1', 房号: '101', 政治面貌: '中共党员', 党组织关系所在: '本社区', 标签: '低保、残疾' }),
      person({ 姓名: '回环乙', 性别: '女', 身份证号: newId('女'), 小区: '回环苑', 楼栋: '1', 单元: '1', 房号: '101', 与户主关系: '配偶', 政治面貌: '中共预备党员', 党组织关系所在: '某企业党委' }),
      person({ 姓名: '回环丙', 联系电话: '', 小区: '回环苑', 楼栋: '2', 单元: '1', 房号: '201', 居住状态: '空挂户' }),
    ];
    expect(await importCsv(file, { createPlaces: true })).toMatchObject({ imported: 3 });
    const [compound] = await t.database.query<{ code: string }>("SELECT code FROM places WHERE name = '回环苑'");
    const res = await staff.get(`/api/v1/registry/export?place=${compound.code}&reveal=true`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    const sheet = await readXlsx(res.rawPayload);
    expect(sheet[0]).toEqual([...IMPORT_COLUMNS]);
    expect(sheet).toHaveLength(4);
    expect(sheet.map((r) => r[2])).toContain(file[0].身份证号);
    const again = await upload(staff, res.rawPayload, { type: XLSX_TYPE });
    expect(await waitJob(staff, again.json().jobId)).toMatchObject({ total: 3, imported: 0, updated: 0, rejectedCount: 0 });
    const audit = await t.database.query<{ detail: { masked: boolean; rows: number } }>("SELECT detail FROM audit_log WHERE action = 'resident.export' AND target_id = $1", [compound.code]);
    expect(audit.map((a) => a.detail)).toEqual([{ rows: 3, masked: false }]);
  });

  it('a role that may not reveal gets masked numbers and a 403 when asking for full ones', async () => {
    const county = await t.signIn('county');
    expect((await county.get(`/api/v1/registry/export?place=${t.codes.compound}&reveal=true`)).statusCode).toBe(403);
    const res = await county.get(`/api/v1/registry/export?place=${t.codes.compound}`);
    expect(res.statusCode).toBe(200);
    const sheet = await readXlsx(res.rawPayload);
    const data = sheet.slice(1);
    expect(data.length).toBeGreaterThan(10);
    expect(data.filter((r) => r[2]).every((r) => /^\d{4}\*{10}[\dX]{4}$/.test(r[2]))).toBe(true);
    expect(data.filter((r) => r[3]).every((r) => /^\d{3}\*{4}\d{4}$/.test(r[3]))).toBe(true);
    expect(JSON.stringify(sheet)).not.toMatch(/\d{17}[\dX]/);
    const audit = await t.database.query<{ detail: { masked: boolean } }>("SELECT detail FROM audit_log WHERE action = 'resident.export' AND target_id = $1", [t.codes.compound]);
    expect(audit.at(-1)!.detail.masked).toBe(true);
  });

  it('who may export where', async () => {
    const grid = await t.signIn('grid');
    expect((await grid.get(`/api/v1/registry/export?place=${t.codes.building}&reveal=true`)).statusCode).toBe(200);
    expect((await grid.get(`/api/v1/registry/export?place=${t.codes.community}`)).statusCode).toBe(403);
    expect((await (await t.signIn('resident')).get(`/api/v1/registry/export?place=${t.codes.household}`)).statusCode).toBe(403);
    expect((await (await t.signIn('building')).get(`/api/v1/registry/export?place=${t.codes.building}`)).statusCode).toBe(403);
    expect((await staff.get('/api/v1/registry/export?place=140602001001999')).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/v1/registry/export?place=${t.codes.building}`)).statusCode).toBe(401);
  });
});

describe('who may import where', () => {
  it('community, township, county and city staff in scope; not grid workers, not outside their community', async () => {
    const csv = csvOf([person({ 姓名: '权限测试', 房号: '303' })]);
    for (const who of ['grid', 'secretary', 'building', 'resident', 'supervisor']) {
      expect({ who, status: (await upload(await t.signIn(who), csv)).statusCode }).toEqual({ who, status: 403 });
    }
    const [other] = await t.database.query<{ code: string }>("SELECT code FROM places WHERE level = 'community' AND code LIKE $1 AND code <> $2 LIMIT 1", [t.codes.township + '%', t.codes.community]);
    expect((await upload(staff, csv, { community: other.code })).statusCode).toBe(403);
    const township = await t.signIn('township');
    const res = await upload(township, csv, { community: other.code });
    expect(res.statusCode).toBe(202);
    expect(await waitJob(township, res.json().jobId)).toMatchObject({ status: 'done' });
    // Someone else's job is not hers to read.
    expect((await staff.get(`/api/v1/registry/imports/${res.json().jobId}`)).statusCode).toBe(403);
    expect((await (await t.signIn('grid')).get(`/api/v1/registry/imports?community=${t.codes.community}`)).statusCode).toBe(403);
    const list = await staff.get(`/api/v1/registry/imports?community=${t.codes.community}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().length).toBeGreaterThan(0);
  });

  it('a resident registered outside the importer’s reach is not moved in by an upload', async () => {
    const [elsewhere] = await t.database.query<{ id_number_enc: string; household_code: string }>(
      "SELECT id_number_enc, household_code FROM residents WHERE household_code NOT LIKE '140602%' AND id_number_enc IS NOT NULL LIMIT 1",
    );
    const id = t.cipher.decrypt(elsewhere.id_number_enc);
    const gender = Number(id[16]) % 2 ? '男' : '女';
    const job = await importCsv([person({ 姓名: '外来人', 性别: gender, 身份证号: id, 房号: '303' })]);
    expect(job.rejected).toEqual([{ row: 2, column: '身份证号', reason: expect.stringContaining('管辖范围以外') }]);
    const [still] = await t.database.query<{ household_code: string }>('SELECT household_code FROM residents WHERE id_number_hash = $1', [t.cipher.hash(id)]);
    expect(still.household_code).toBe(elsewhere.household_code);
  });
});

describe('idempotency', () => {
  it('the same Idempotency-Key from the same user returns the same job; another user’s key is hers', async () => {
    const csv = csvOf([person({ 姓名: '幂等', 房号: '304' })]);
    const first = await upload(staff, csv, { key: 'upload-abc-1' });
    const second = await upload(staff, csv, { key: 'upload-abc-1' });
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(second.json().jobId).toBe(first.json().jobId);
    const jobs = await t.database.query("SELECT 1 FROM import_jobs WHERE file_name = 'upload.csv' AND id = $1", [first.json().jobId]);
    expect(jobs).toHaveLength(1);
    await waitJob(staff, first.json().jobId);
    const other = await upload(await t.signIn('township'), csv, { key: 'upload-abc-1' });
    expect(other.json().jobId).not.toBe(first.json().jobId);
    expect((await upload(staff, csv, { key: 'bad key with spaces' })).statusCode).toBe(400);
    // A refused upload does not use up its key.
    expect((await upload(staff, 'junk', { key: 'k2' })).statusCode).toBe(400);
    expect((await upload(staff, csv, { key: 'k2' })).statusCode).toBe(202);
  });
});

describe('ID numbers', () => {
  it('accept a lower-case x check character and full-width digits', async () => {
    let id = '';
    for (let i = 0; !id; i++) {
      const first17 = '140602198501' + String(10 + (i % 18)).padStart(2, '0') + String(100 + i).slice(-3);
      if (idCheckDigit(first17) === 'X') id = first17 + 'X';
    }
    const gender = Number(id[16]) % 2 ? '男' : '女';
    const full = id.toLowerCase().replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(await importCsv([person({ 姓名: '艾克斯', 性别: gender, 身份证号: full, 房号: '305' })])).toMatchObject({ imported: 1, rejectedCount: 0 });
    const [r] = await residentByName('艾克斯');
    expect(t.cipher.decrypt(r.id_number_enc)).toBe(id);
  });
});

describe('many batches', () => {
  it('small batches written two at a time, with new places shared across batches, give the same result; again, nothing changes', async () => {
    const { importResidents } = await import('./import.service.js');
    const { openSheet } = await import('./import.sheet.js');
    const { copyWriterFor } = await import('./import.copy.js');
    const rows: Row[] = [];
    for (let i = 0; i < 40; i++) {
      const g = i % 2 ? '男' : '女';
      rows.push(person({ 姓名: `批次${i}`, 性别: g, 身份证号: newId(g, 1960 + (i % 40)), 小区: '批次园', 楼栋: String(1 + (i % 3)), 单元: String(1 + (i % 2)), 房号: String(101 + (i % 5)), 政治面貌: i % 7 ? '群众' : '中共党员', 党组织关系所在: i % 7 ? '' : '本社区' }));
    }
    rows.push(person({ 姓名: '批次坏', 身份证号: '123' }));
    const run = async () => importResidents(t.database.db, t.cipher, await openSheet({ buffer: Buffer.from(csvOf(rows)) }), { communityCode: t.codes.community, createPlaces: true, scope: null, batchSize: 3, writers: 2, copy: copyWriterFor(t.database) });
    const first = await run();
    expect(first).toMatchObject({ total: 41, imported: 40, updated: 0 });
    expect(first.rejected).toEqual([{ row: 42, column: '身份证号', reason: expect.any(String) }]);
    const [compound] = await t.database.query<{ code: string }>("SELECT code FROM places WHERE name = '批次园'");
    const tree = await t.database.query<{ level: string; n: number }>('SELECT level, count(*)::int AS n FROM places WHERE code LIKE $1 GROUP BY level ORDER BY level', [compound.code + '%']);
    expect(tree).toEqual([
      { level: 'building', n: 3 },
      { level: 'compound', n: 1 },
      { level: 'household', n: 30 },
      { level: 'unit', n: 6 },
    ]);
    const homeless = await t.database.query("SELECT 1 FROM residents r WHERE r.name LIKE '批次%' AND NOT EXISTS (SELECT 1 FROM places p WHERE p.code = r.household_code AND p.level = 'household')");
    expect(homeless).toEqual([]);
    const [{ n }] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM party_members pm JOIN residents r ON r.id = pm.resident_id WHERE r.name LIKE '批次%'");
    expect(n).toBe(6);
    expect(await run()).toMatchObject({ total: 41, imported: 0, updated: 0 });
  });
});

describe('awkward text', () => {
  it('quotes, backslashes and braces in names and tags are stored as written (COPY and INSERT paths alike)', async () => {
    const tag1 = '带"引号"的标签';
    const tag2 = 'back\\slash{x}';
    const job = await importCsv([person({ 姓名: '怪\\字"符', 房号: '306', 标签: `${tag1}、${tag2}`, 政治面貌: '中共党员', 党组织关系所在: '某\\党"委' })]);
    expect(job).toMatchObject({ imported: 1, rejectedCount: 0 });
    const [r] = await residentByName('怪\\字"符');
    expect(r.tags).toEqual([tag1, tag2]);
    expect(r.membership_org).toBe('某\\党"委');
    expect(await importCsv([person({ 姓名: '怪\\字"符', 身份证号: t.cipher.decrypt(r.id_number_enc), 联系电话: '13912345678', 房号: '306', 标签: `${tag1}、${tag2}`, 政治面貌: '中共党员', 党组织关系所在: '某\\党"委' })])).toMatchObject({ imported: 0, updated: 0 });
  });
});

describe('a restart during an import', () => {
  it('marks the job failed so its page stops waiting', async () => {
    const [job] = await t.database.query<{ id: string }>(
      "INSERT INTO import_jobs (community_code, county_code, file_name, status) VALUES ($1, '140602', 'x.csv', 'running') RETURNING id",
      [t.codes.community],
    );
    expect(await failInterruptedImports(t.database.db)).toBeGreaterThanOrEqual(1);
    const res = (await staff.get(`/api/v1/registry/imports/${job.id}`)).json();
    expect(res.status).toBe('failed');
    expect(res.error).toContain('重新上传');
  });
});
