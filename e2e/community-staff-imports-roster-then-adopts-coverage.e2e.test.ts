/**
 * Journey (issue 3): a community worker imports a roster that brings a new compound with three full
 * party members kept in the community, looks at the coverage plan — the new compound now gets a
 * branch of its own — and adopts the plan, after which every compound is covered.
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

const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-roster-'));
const file = join(dir, '翠湖苑花名册.xlsx');

function id(birth: string, seq: string) {
  const first17 = `140602${birth}${seq}`;
  return first17 + idCheckDigit(first17);
}

const frame = journeyFrame('community-staff-imports-roster-then-adopts-coverage', { viewport: { width: 1280, height: 900 } }, {
  before: async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    ws.addRow([...IMPORT_COLUMNS]);
    // A new compound: three full members kept here (a branch of its own), a probationary one and a neighbour.
    ws.addRow(['翠湖甲', '男', id('19700505', '811'), '13900001111', '翠湖苑', '1号楼', '1单元', '101', '本人', '中共党员', '本社区', '常住', '']);
    ws.addRow(['翠湖乙', '女', id('19720606', '812'), '13900001112', '翠湖苑', '1号楼', '1单元', '101', '配偶', '中共党员', '本社区', '常住', '']);
    ws.addRow(['翠湖丙', '男', id('19650707', '813'), '13900001113', '翠湖苑', '2号楼', '1单元', '201', '本人', '中共党员', '本社区', '常住', '退役军人']);
    ws.addRow(['翠湖丁', '女', id('19990808', '814'), '13900001114', '翠湖苑', '2号楼', '1单元', '201', '女', '中共预备党员', '本社区', '常住', '']);
    ws.addRow(['翠湖戊', '男', id('19500909', '815'), '13900001115', '翠湖苑', '2号楼', '1单元', '202', '本人', '群众', '', '常住', '独居老人']);
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  },
  after: () => rmSync(dir, { recursive: true, force: true }),
});

describe('community worker imports a roster, then adopts the coverage plan', () => {
  it('imports the roster, creating the new compound', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await page.locator('.ant-layout-sider').getByRole('link', { name: '居民导入' }).click();
    await page.waitForURL(`${frame.server.url}/registry/import`);
    await eventually(() => page.getByTestId('import-community').innerText()).toContain('马邑路中心社区');
    await page.getByTestId('import-create-places').click();
    await page.locator('.ant-upload input[type=file]').setInputFiles(file);
    await expect.poll(() => page.getByTestId('import-progress').getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('100');
    await eventually(() => page.getByTestId('import-result').innerText()).toMatch(/新增\s*5/);
    await eventually(() => page.getByTestId('import-result').innerText()).toMatch(/未导入\s*0/);
  });

  it('sees the new compound in the plan with a branch of its own (probationary members not counted)', async () => {
    const { page } = frame.journey;
    await page.locator('.ant-layout-sider').getByRole('link', { name: '党组织覆盖' }).click();
    await page.waitForURL(`${frame.server.url}/party/coverage`);
    const plan = page.getByTestId('plan-branches');
    await eventually(() => plan.locator('tr.ant-table-row').count()).toBe(4);
    const row = plan.locator('tr.ant-table-row', { hasText: '翠湖苑' });
    const text = await row.innerText();
    expect(text).toContain('独立支部');
    expect(text).toMatch(/\b3\b/);
    // The report card loads by a query of its own, after the plan.
    await eventually(() => page.getByTestId('report-compounds').innerText()).toBe('0 / 4');
  });

  it('adopts the plan: every compound, the new one included, has its branch', async () => {
    const { page } = frame.journey;
    await page.getByTestId('adopt-plan').click();
    await eventually(() => page.locator('.ant-message-notice').innerText()).toMatch(/已采纳：4 个党支部/);
    await eventually(() => page.getByTestId('report-compounds').innerText()).toBe('4 / 4');
    await eventually(() => page.getByTestId('adoption-state').innerText()).toBe('已采纳');
  });
});
