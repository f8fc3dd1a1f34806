/**
 * Journey (issue 6, 在职党员): a community worker registers a working party member's check-in (在职党员报到)
 * with her employer and its party organisation in 党员管理; in 在职党员服务 the member shows behind the
 * year's target; the worker assigns her a service post (认岗); once the leader has approved three hours
 * she served (set up through the API: that journey is the activities one), her progress shows them, and
 * with the community's target set to 2 hours she is done.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedInApi, type ApiClient } from './support/api';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const COMMUNITY = '140602001001';
const EMPLOYER = '朔州市自来水公司';
const EMPLOYER_ORG = '朔州市自来水公司党委';
let api: ApiClient;
let member: { residentId: string; name: string };
/** Her approved hours and activities this year before the journey (the demo's past activity may have some). */
let before = { hours: 0, activities: 0 };

const frame = journeyFrame('community-staff-checks-in-a-working-member-and-follows-her-service', { viewport: { width: 1366, height: 900 } });
const menu = () => frame.journey.page.locator('.ant-layout-sider');

async function settled(locator: Locator) {
  await eventually(() => locator.evaluate((el) => /-(appear|enter)\b/.test(el.className))).toBe(false);
}

describe('a working party member checks in where she lives, takes a post and serves', () => {
  it('the worker registers her check-in in 党员管理', async () => {
    api = await signedInApi(frame.server.url, 'community');
    // A full member kept in the community, with a name no one else in the roster has, not checked in yet.
    const roster = await api.call<Array<{ residentId: string; name: string; status: string }>>('GET', `/party-members?place=${COMMUNITY}&kept=community&page=1&pageSize=500`);
    const checked = new Set((await api.call<Array<{ residentId: string }>>('GET', `/member-checkins?community=${COMMUNITY}`)).map((c) => c.residentId));
    const count = new Map<string, number>();
    for (const m of roster) count.set(m.name, (count.get(m.name) ?? 0) + 1);
    member = roster.find((m) => m.status === 'full' && count.get(m.name) === 1 && !checked.has(m.residentId))!;
    expect(member).toBeTruthy();

    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await menu().getByRole('link', { name: '党员管理' }).click();
    await page.waitForURL(/\/members/);
    await page.getByRole('tab', { name: '在职党员报到' }).click();
    await page.getByRole('button', { name: '报到登记' }).click();
    const modal = page.locator('.ant-modal-wrap:visible .ant-modal');
    await settled(modal);
    await modal.locator('.ant-select').click();
    await page.keyboard.type(member.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `${member.name}（` }).first().click();
    await modal.getByLabel('工作单位').fill(EMPLOYER);
    await modal.getByLabel('单位党组织').fill(EMPLOYER_ORG);
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await eventually(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    const row = page.getByTestId('checkins').locator('tbody tr.ant-table-row').filter({ hasText: member.name });
    await eventually(() => row.innerText()).toContain(EMPLOYER_ORG);
    await eventually(() => row.innerText()).toContain('在册');
  });

  it('in 在职党员服务 she is behind the target; the worker assigns her a post', async () => {
    const { page } = frame.journey;
    await menu().getByRole('link', { name: '在职党员服务' }).click();
    await page.waitForURL(/\/member-service/);
    const row = page.getByTestId('service-progress').locator('tbody tr.ant-table-row').filter({ hasText: member.name });
    await eventually(() => row.innerText()).toContain(`${EMPLOYER}（${EMPLOYER_ORG}）`);
    const progress = await api.call<Array<{ residentId: string; hours: number; activities: number }>>('GET', `/member-service/progress?community=${COMMUNITY}`);
    before = progress.find((p) => p.residentId === member.residentId)!;
    await eventually(() => row.innerText()).toContain(`${before.hours} / 12`);
    await eventually(() => row.innerText()).toContain('落后');
    await row.getByTestId(`choose-post-${member.name}`).click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    const post = (await option.innerText()).trim();
    await option.click();
    await eventually(() => row.locator('.ant-tag').filter({ hasText: post }).count()).toBe(1);
  });

  it('her approved hours count towards the target; with the target at 2 hours she is done', async () => {
    // She served three hours at an activity yesterday, approved by its leader.
    const day = 86_400_000;
    const start = new Date(Date.now() - day - 4 * 3600_000);
    const [activity] = await api.call<Array<{ id: string }>>('POST', '/activities', { title: '政策宣讲进楼栋', placeCode: COMMUNITY, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(), capacity: 10 });
    const signup = await api.call<{ id: string }>('POST', `/activities/${activity.id}/signups`, { residentId: member.residentId });
    await api.call('POST', `/activity-signups/${signup.id}/check-in`, { at: start.toISOString() });
    await api.call('POST', `/activity-signups/${signup.id}/check-out`, { at: new Date(start.getTime() + 3 * 3600_000).toISOString() });
    await api.call('POST', `/activity-signups/${signup.id}/hours`, { decision: 'approve' });

    const { page } = frame.journey;
    await page.reload();
    const row = page.getByTestId('service-progress').locator('tbody tr.ant-table-row').filter({ hasText: member.name });
    await eventually(() => row.innerText()).toMatch(new RegExp(`\\b${before.activities + 1}\\s+${before.hours + 3} / 12`));
    const target = page.locator('.ant-card').filter({ hasText: '年度目标' }).locator('input');
    await target.fill('2');
    await target.blur();
    await eventually(() => row.innerText()).toContain(`${before.hours + 3} / 2`);
    await eventually(() => row.innerText()).not.toContain('落后');
    await eventually(() => row.locator('.ant-progress-status-success').count()).toBe(1);
  });
});
