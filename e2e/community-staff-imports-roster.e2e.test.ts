/**
 * Journey: a community worker opens 居民导入, uploads a small xlsx roster with one bad row, watches
 * the progress reach 100 %, and sees the good rows counted and the bad one listed with its reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '../contracts/registry-import';
import { idCheckDigit } from '../contracts/validation';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-import-'));
const file = join(dir, '马邑路居民.xlsx');

/** A valid ID number born on the given day, with an odd (male) or even (female) sequence. */
function id(birth: string, seq: string) {
  const first17 = `140602${birth}${seq}`;
  return first17 + idCheckDigit(first17);
}

const frame = journeyFrame('community-staff-imports-roster', { viewport: { width: 1280, height: 900 } }, {
  before: async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    ws.addRow([...IMPORT_COLUMNS]);
    ws.addRow(['网页导入甲', '男', id('19800101', '771'), '13912340001', '幸福新邻里小区', '1号楼', '1单元', '901', '本人', '中共党员', '本社区', '常住', '退役军人']);
    ws.addRow(['网页导入乙', '女', id('19820202', '772'), '13912340002', '幸福新邻里小区', '1号楼', '1单元', '901', '配偶', '群众', '', '常住', '']);
    // Row 4: a mobile that is not a mobile.
    ws.addRow(['网页导入丙', '男', id('20100303', '773'), '12345', '幸福新邻里小区', '1号楼', '1单元', '901', '子', '群众', '', '常住', '']);
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  },
  after: () => rmSync(dir, { recursive: true, force: true }),
});

describe('community worker imports a roster', () => {
  it('finds 居民导入 in the menu, with her community chosen and the template to download', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await page.locator('.ant-layout-sider').getByRole('link', { name: '居民导入' }).click();
    await page.waitForURL(`${frame.server.url}/registry/import`);
    await eventually(() => page.getByTestId('import-community').innerText()).toContain('马邑路中心社区');
    expect(await page.getByTestId('import-template').getAttribute('href')).toBe('/api/v1/registry/import-template');
  });

  it('uploads the xlsx, the progress reaches 100 %, and the bad row is listed with its column and reason', async () => {
    const { page } = frame.journey;
    await page.locator('.ant-upload input[type=file]').setInputFiles(file);
    const progress = page.getByTestId('import-progress');
    await expect.poll(() => progress.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('100');
    const result = page.getByTestId('import-result');
    await eventually(() => result.innerText()).toMatch(/新增\s*2/);
    await eventually(() => result.innerText()).toMatch(/未导入\s*1/);
    const rows = page.getByTestId('import-rejected').locator('tbody tr');
    await eventually(() => rows.count()).toBe(1);
    const row = await rows.first().innerText();
    expect(row).toMatch(/^4\s+联系电话\s+不是有效的手机号/);
    expect(await page.getByTestId('import-report').getAttribute('href')).toMatch(/^\/api\/v1\/registry\/imports\/[0-9a-f-]{36}\/rejected$/);
    // Let the bar finish its fill animation before the closing screenshot.
    await page.waitForTimeout(800);
  });
});
