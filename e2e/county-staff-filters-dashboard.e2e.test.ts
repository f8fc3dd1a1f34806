/**
 * Journey (issue 5): county staff open 督办看板 on their county, see every community of the county
 * ranked (chart, table, PNG and xlsx), filter it to a township, look at the charts, export the data
 * as xlsx and a chart as PNG, then the organisation tab and the grid map drawn from stored geometry
 * (no tiles on this machine).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedInApi } from './support/api';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const frame = journeyFrame('county-staff-filters-dashboard', { viewport: { width: 1440, height: 1000 } }, {});

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Clicks a download button: the file's suggested name (decoded) and its bytes. */
async function download(page: Page, testId: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: decodeURIComponent(file.suggestedFilename()), bytes: readFileSync((await file.path())!) };
}

async function workbookOf(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

describe('county staff supervise through the dashboard', () => {
  it('residents report a few problems (setup)', async () => {
    const resident = await signedInApi(frame.server.url, 'resident');
    for (const [categoryCode, description] of [
      ['clutter', '楼道里堆满纸箱，堵住消防通道'],
      ['noise', '晚上广场舞音响太吵'],
      ['parking', '车辆乱停堵住单元门口'],
      ['clutter', '楼顶堆放旧家具'],
    ]) {
      await resident.call('POST', '/tickets', { channel: 'resident', categoryCode, description });
    }
  });

  it('opens 督办看板 on her county and sees this month’s tickets', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'county', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await page.locator('.ant-layout-sider').getByRole('link', { name: '督办看板' }).click();
    await page.waitForURL(`${frame.server.url}/supervision`);
    await eventually(() => page.getByTestId('dash-place').innerText()).toBe('朔城区');
    await eventually(() => page.getByTestId('dash-kpis').innerText()).toMatch(/受理\s*4/);
    // The charts drew on their canvases.
    await eventually(() => page.locator('[data-testid="chart-volume"] canvas').count()).toBeGreaterThan(0);
    await eventually(() => page.locator('[data-testid="chart-funnel"] canvas').count()).toBeGreaterThan(0);
  });

  it('sees the communities of the whole county ranked, and exports that ranking as xlsx and PNG', async () => {
    const { page } = frame.journey;
    const card = page.getByTestId('chart-communities');
    await card.scrollIntoViewIfNeeded();
    await eventually(() => card.locator('canvas').count()).toBeGreaterThan(0);
    // The only community with tickets this month, first; the table names it with its figures.
    await eventually(() => card.locator('tbody tr').first().innerText()).toMatch(/^1\s+马邑路中心社区\s+4\s/);
    await card.screenshot({ path: 'e2e/screenshots/county-staff-filters-dashboard-communities.png' });

    const xlsx = await download(page, 'xlsx-communities');
    expect(xlsx.name).toMatch(/^诉求看板-朔城区-.*-communities\.xlsx$/);
    const wb = await workbookOf(xlsx.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual([expect.stringMatching(/^汇总 /), '社区排名']);
    const sheet = wb.getWorksheet('社区排名')!;
    expect([sheet.getRow(2).getCell(2).value, sheet.getRow(2).getCell(3).value]).toEqual(['马邑路中心社区', 4]);
    // Every metric but the 90th percentile of hours, which the community ranking does not carry.
    expect(sheet.getRow(1).values).not.toContain('90%办结时长(小时)');

    const png = await download(page, 'png-communities');
    expect(png.name).toMatch(/^朔城区-.*-communities\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it('filters to the township 北城街道', async () => {
    const { page } = frame.journey;
    await page.getByTestId('dash-place-select').click();
    const county = page.locator('.ant-select-tree-treenode', { hasText: '朔城区（区县）' });
    await county.locator('.ant-select-tree-switcher').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '北城街道（' }).click();
    await page.waitForURL(/place=140602001$/);
    await eventually(() => page.getByTestId('dash-place').innerText()).toBe('北城街道');
    await eventually(() => page.getByTestId('dash-kpis').innerText()).toMatch(/受理\s*4/);
    // One level down: the communities ranked; no second ranking of them.
    await eventually(() => page.getByTestId('chart-places').innerText()).toContain('马邑路中心社区');
    expect(await page.getByTestId('chart-communities').count()).toBe(0);
  });

  it('exports the dashboard as xlsx and the volume chart as PNG', async () => {
    const { page } = frame.journey;
    const xlsx = await download(page, 'dash-export-all');
    expect(xlsx.name).toMatch(/^诉求看板-北城街道-.*\.xlsx$/);
    const wb = await workbookOf(xlsx.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['诉求量(按类别)', '办理漏斗', '结案率趋势', '热点小区', '超期工单', '下级排名', '队伍排名']);
    expect(wb.getWorksheet('办理漏斗')!.getRow(2).values).toEqual([undefined, '受理', 4]);
    expect(wb.getWorksheet('下级排名')!.getRow(2).getCell(2).value).toBe('马邑路中心社区');

    const funnel = await workbookOf((await download(page, 'xlsx-funnel')).bytes);
    expect(funnel.worksheets.map((w) => w.name)).toEqual(['办理漏斗']);

    const png = await download(page, 'png-volume');
    expect(png.name).toMatch(/^北城街道-.*-volume\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.bytes.length).toBeGreaterThan(5000);
  });

  it('sees organisation coverage and the grid map from stored geometry', async () => {
    const { page } = frame.journey;
    await page.getByRole('tab', { name: '组织与人口' }).click();
    await eventually(() => page.locator('[data-testid="chart-coverage"] canvas').count()).toBeGreaterThan(0);
    await eventually(() => page.getByTestId('chart-grids').innerText()).toMatch(/网格数\s*2/);
    await page.getByRole('tab', { name: '网格地图' }).click();
    // Three compounds and two grids of the demo community, no tiles.
    await eventually(() => page.locator('[data-testid="map"] path.leaflet-interactive').count()).toBe(5);
    expect(await page.locator('[data-testid="map"] .leaflet-tile').count()).toBe(0);
    await eventually(() => page.getByTestId('map').innerText()).toContain('幸福新邻里小区');
  });
});
