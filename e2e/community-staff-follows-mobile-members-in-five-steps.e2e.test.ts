/**
 * Journey (issue 6, 流动党员五步法): a community worker surveys (摸底) a member who went to work in 北京,
 * registers him (建库); the grouping proposal for 北京 now counts him with the three already there, and
 * she adopts it (编组); she pairs him with herself as his contact cadre (结对) and logs a contact with
 * study (跟踪). The overdue list shows the two demo members in 太原 not contacted for 45 and 60 days,
 * not him, and she reminds their cadres.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const NAME = '郝建军';
const frame = journeyFrame('community-staff-follows-mobile-members-in-five-steps', { viewport: { width: 1366, height: 900 } });
const menu = () => frame.journey.page.locator('.ant-layout-sider');
const rowOf = (name: string) => frame.journey.page.getByTestId('mobile-table').locator('tbody tr.ant-table-row').filter({ hasText: name });

async function settled(locator: Locator) {
  await eventually(() => locator.evaluate((el) => /-(appear|enter)\b/.test(el.className))).toBe(false);
}

describe('a community worker takes a mobile party member through the five steps', () => {
  it('surveys him (摸底): who left, for where, since when, his mobile', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await menu().getByRole('link', { name: '流动党员' }).click();
    await page.waitForURL(/\/mobile-members/);
    await eventually(() => page.getByTestId('mobile-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(5);
    await page.getByRole('button', { name: '摸底登记' }).click();
    const modal = page.locator('.ant-modal-wrap:visible .ant-modal');
    await settled(modal);
    await modal.getByLabel('姓名').fill(NAME);
    await modal.getByLabel('外出时间').click();
    await page.keyboard.type('2026-03-01');
    await page.keyboard.press('Enter');
    await modal.getByLabel('流入城市').fill('北京市');
    await modal.getByLabel('工作单位').fill('北京某建筑公司');
    await modal.getByLabel('联系电话').fill('13912345678');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await eventually(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await eventually(() => rowOf(NAME).innerText()).toContain('已摸底');
    // The mobile is masked in the list.
    await eventually(() => rowOf(NAME).innerText()).toContain('139****5678');
  });

  it('registers him (建库) and adopts the grouping proposal for 北京 (编组)', async () => {
    const { page } = frame.journey;
    await rowOf(NAME).getByRole('button', { name: /^建\s?库$/ }).click();
    await eventually(() => rowOf(NAME).innerText()).toContain('已建库');
    const proposal = page.getByTestId('mobile-proposals').locator('.ant-list-item').filter({ hasText: '北京' });
    await eventually(() => proposal.innerText()).toContain(NAME);
    await eventually(() => proposal.innerText()).toContain('（4）');
    await proposal.getByRole('button', { name: /^采\s?纳$/ }).click();
    await eventually(() => page.getByTestId('mobile-proposals').innerText()).not.toContain('北京');
    await eventually(() => rowOf(NAME).innerText()).toContain('已编组');
    await eventually(() => rowOf(NAME).innerText()).toMatch(/北京市流动党员/);
  });

  it('pairs him with herself (结对) and logs a contact with study (跟踪)', async () => {
    const { page } = frame.journey;
    await rowOf(NAME).getByRole('button', { name: '由我结对' }).click();
    await eventually(() => rowOf(NAME).innerText()).toContain('已结对');
    await eventually(() => rowOf(NAME).innerText()).toContain('马邑路中心社区工作者');
    await rowOf(NAME).getByText(NAME).click();
    const drawer = page.getByTestId('contact-drawer');
    await eventually(() => drawer.innerText()).toContain('联系周期 30 天');
    await drawer.getByPlaceholder('联系情况').fill('视频通话，工作顺利，按时交纳党费');
    await drawer.getByText('参加学习').click();
    await drawer.getByPlaceholder('学习内容').fill('线上主题党日');
    await drawer.getByRole('button', { name: '记录联系' }).click();
    await eventually(() => drawer.innerText()).toContain('视频通话，工作顺利');
    await eventually(() => drawer.innerText()).toContain('线上主题党日');
    await page.keyboard.press('Escape');
    await eventually(() => rowOf(NAME).innerText()).toContain('跟踪中');
  });

  it('the overdue list shows the two in 太原 not contacted for weeks, not him; she reminds their cadres', async () => {
    const { page } = frame.journey;
    await page.getByTestId('overdue-only').click();
    const rows = page.getByTestId('mobile-table').locator('tbody tr.ant-table-row');
    await eventually(() => rows.count()).toBe(2);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain('太原市');
      expect(text).toContain('逾期未联系');
    }
    expect(await page.getByTestId('mobile-table').innerText()).not.toContain(NAME);
    await page.getByRole('button', { name: '提醒联系干部' }).click();
    await eventually(() => page.locator('.ant-message').innerText()).toContain('2 人逾期，已提醒 1 名联系干部');
  });
});
