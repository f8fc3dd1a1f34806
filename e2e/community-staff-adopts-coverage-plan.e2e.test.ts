/**
 * Journey: a community worker opens 党组织覆盖, sees the plan for her community (a branch per compound,
 * groups over buildings), adopts it, and sees the coverage report change; then appoints the suggested
 * centre household of a unit.
 */
import { describe, expect, it } from 'vitest';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const frame = journeyFrame('community-staff-adopts-coverage-plan', { viewport: { width: 1280, height: 900 } });

describe('community staff adopt the coverage plan', () => {
  it('opens 党组织覆盖 from the menu and sees her community’s plan, not yet adopted', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await page.locator('.ant-layout-sider').getByRole('link', { name: '党组织覆盖' }).click();
    await page.waitForURL(`${frame.server.url}/party/coverage`);
    const plan = page.getByTestId('plan-branches');
    await eventually(() => plan.locator('tr.ant-table-row').count()).toBe(3);
    const text = await plan.innerText();
    for (const compound of ['幸福新邻里小区', '金泰苑', '恒安新区']) expect(text).toContain(compound);
    expect(text).toContain('独立支部');
    expect(text).toMatch(/\d号楼/);
    await eventually(() => page.getByTestId('adoption-state').innerText()).toBe('未采纳');
    // The report card loads by a query of its own, after the plan.
    await eventually(() => page.getByTestId('report-compounds').innerText()).toBe('0 / 3');
    await eventually(() => page.getByTestId('coverage-place').innerText()).toContain('马邑路中心社区');
  });

  it('adopts the plan and sees every compound and building covered', async () => {
    const { page } = frame.journey;
    await page.getByTestId('adopt-plan').click();
    await eventually(() => page.locator('.ant-message-notice').innerText()).toMatch(/已采纳：3 个党支部、\d+ 个党小组/);
    await eventually(() => page.getByTestId('report-compounds').innerText()).toBe('3 / 3');
    await eventually(() => page.getByTestId('report-buildings').innerText()).toBe('12 / 12');
    await eventually(() => page.getByTestId('adoption-state').innerText()).toBe('已采纳');
    expect(await page.getByTestId('adopt-plan').isDisabled()).toBe(true);
  });

  it('appoints the suggested centre household of a unit, and the report counts it', async () => {
    const { page } = frame.journey;
    const centres = page.getByTestId('centre-households');
    await centres.getByTestId('centre-appoint').first().click();
    await eventually(() => page.locator('.ant-message-notice').last().innerText()).toContain('中心户');
    await eventually(() => centres.getByTestId('appointed').count()).toBe(1);
    await eventually(() => page.getByTestId('report-units').innerText()).toBe('1 / 24');
  });
});
