/**
 * Journey (issue 6, teams): a resident finds the themed team 环境整治联户 recruiting in her compound on
 * her phone and applies with a word about herself; its leader (the demo's 单元中心户, who leads the
 * team as a volunteer) approves her from 三级队伍 on the desktop; she is told in her inbox and sees
 * herself as a 队员 under 我的队伍. Community staff then see her on the team, with its roles and
 * its applications. Later the staff make her its 队长, and on her phone she turns down a neighbour's
 * application with a reason.
 */
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedInApi } from './support/api';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const NAME = 'resident-applies-to-a-themed-team-and-joins';
const TEAM = '幸福新邻里小区环境整治联户队';
const PHONE_SIZE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 900 } };

let server: RunningServer;
let resident: Journey;
let leader: Journey;
let staff: Journey;
let herName = '';

/** Waits until antd's opening animation has finished: on a loaded machine a click during it can be lost. */
async function settled(locator: Locator) {
  await eventually(() => locator.evaluate((el) => /-(appear|enter)\b/.test(el.className))).toBe(false);
}

beforeAll(async () => {
  server = await startServer();
  herName = (await (await signedInApi(server.url, 'resident')).call<{ user: { displayName: string } }>('GET', '/me')).user.displayName;
  resident = await openBrowser(NAME, PHONE_SIZE);
  leader = await openBrowser(`${NAME}-leader`, DESKTOP);
  staff = await openBrowser(`${NAME}-staff`, DESKTOP);
  for (const j of [resident, leader, staff]) j.expectHttpError(401, '/api/v1/me');
});

beforeEach((ctx) => skipAfterFailure(ctx));

afterEach(() => {
  for (const j of [resident, leader, staff]) expect(j.takeUnexpectedErrors()).toEqual([]);
});

afterAll(async () => {
  await resident?.close();
  await leader?.close();
  await staff?.close();
  await server?.stop();
});

describe('a resident applies to a themed team, the leader approves, she is a member', () => {
  it('on her phone she finds the teams recruiting where she lives and applies to 环境整治联户', async () => {
    const { page } = resident;
    await page.goto(`${server.url}/login`);
    await signIn(page, 'resident', 'Linli@2026');
    await page.waitForURL(`${server.url}/h5`);
    await page.getByTestId('h5-tabs').getByText('活动').click();
    await page.getByTestId('teams-entry').click();
    await page.waitForURL(`${server.url}/h5/teams`);
    const open = page.getByTestId('open-teams');
    await eventually(() => open.innerText()).toContain(TEAM);
    await eventually(() => open.innerText()).toContain('文明小区联建');
    // 矛盾纠纷联调 does not recruit.
    expect(await open.innerText()).not.toContain('矛盾纠纷联调');
    const card = page.getByTestId(`team-card-${TEAM}`);
    await eventually(() => card.innerText()).toContain('队长 单元中心户');
    await card.getByTestId('apply').click();
    const modal = page.locator('.ant-modal-wrap:visible .ant-modal');
    await settled(modal);
    await page.getByTestId('apply-message').fill('我住1号楼，周六上午有空，可以帮忙清理楼道。');
    await page.getByTestId('apply-submit').click();
    await eventually(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await eventually(() => card.getByTestId('apply-pending').innerText()).toBe('审核中');
    await page.getByTestId('teams-tabs').getByText('我的申请').click();
    await eventually(() => page.getByTestId('my-applications').innerText()).toContain(TEAM);
    await eventually(() => page.getByTestId('my-applications').innerText()).toContain('待审核');
  });

  it('the leader sees her application awaiting him in 三级队伍 and approves it', async () => {
    const { page } = leader;
    await page.goto(`${server.url}/login`);
    await signIn(page, 'unit', 'Linli@2026');
    await page.waitForURL(`${server.url}/`);
    await page.locator('.ant-layout-sider').getByRole('link', { name: '三级队伍' }).click();
    await page.waitForURL(`${server.url}/teams`);
    const pending = page.getByTestId('applications-to-decide');
    const row = pending.locator('tbody tr.ant-table-row').filter({ hasText: herName });
    await eventually(() => row.innerText()).toContain('周六上午有空');
    await eventually(() => row.innerText()).toContain(TEAM);
    await eventually(() => row.innerText()).toMatch(/1号楼1单元101室/);
    await row.getByTestId(`approve-${herName}`).click();
    await eventually(() => pending.locator('tbody tr.ant-table-row').filter({ hasText: herName }).count()).toBe(0);
    // The neighbour who applied before her still waits.
    await eventually(() => pending.locator('tbody tr.ant-table-row').count()).toBe(1);
    // His team is not under his unit: he opens it from the card and finds her among its members.
    await pending.getByText(TEAM).click();
    const drawer = page.getByTestId('team-drawer');
    await eventually(() => drawer.getByTestId('team-members').locator('tbody tr.ant-table-row').filter({ hasText: herName }).innerText()).toContain('队员');
  });

  it('she is told in her inbox and sees herself as a 队员 of the team', async () => {
    const { page } = resident;
    await page.goto(`${server.url}/h5/teams`);
    await page.getByTestId('inbox-bell').click();
    await eventually(() => page.getByTestId('inbox').innerText()).toContain(`入队申请已通过：${TEAM}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('teams-tabs').getByText('我的队伍').click();
    const mine = page.getByTestId('my-teams');
    await eventually(() => mine.innerText()).toContain(TEAM);
    await eventually(() => page.getByTestId(`team-card-${TEAM}`).getByTestId('my-role').innerText()).toBe('我是队员');
    await page.getByTestId('teams-tabs').getByText('正在招募').click();
    await eventually(() => page.getByTestId('open-teams').innerText()).not.toContain(TEAM);
    await page.getByTestId('teams-tabs').getByText('我的队伍').click();
    await eventually(() => mine.innerText()).toContain('我是队员');
  });

  it('community staff see her on the team with its roles, and its applications', async () => {
    const { page } = staff;
    await page.goto(`${server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${server.url}/`);
    await page.locator('.ant-layout-sider').getByRole('link', { name: '三级队伍' }).click();
    await page.waitForURL(`${server.url}/teams`);
    const others = page.getByTestId('other-teams');
    const teamRow = others.locator('tbody tr.ant-table-row').filter({ hasText: TEAM });
    await eventually(() => teamRow.innerText()).toContain('招募中');
    await eventually(() => others.innerText()).toContain('新社工队');
    // The teams by kind: the community's 新社工队, and the four themed teams.
    const kinds = page.getByTestId('other-teams-kind');
    await kinds.getByText('新社工队').click();
    await eventually(() => others.locator('tbody tr.ant-table-row').count()).toBe(1);
    await kinds.getByText('主题队伍').click();
    await eventually(() => others.locator('tbody tr.ant-table-row').count()).toBe(4);
    await teamRow.getByText(TEAM).click();
    const drawer = page.getByTestId('team-drawer');
    await settled(page.locator('.ant-drawer-content-wrapper'));
    const members = drawer.getByTestId('team-members');
    await eventually(() => members.locator('tbody tr.ant-table-row').first().innerText()).toMatch(/^单元中心户\s+队长/);
    await eventually(() => members.innerText()).toContain('副队长');
    await eventually(() => members.locator('tbody tr.ant-table-row').filter({ hasText: herName }).innerText()).toContain('队员');
    await drawer.getByRole('tab', { name: /入队申请/ }).click();
    const apps = drawer.getByTestId('team-applications');
    await eventually(() => apps.locator('tbody tr.ant-table-row').filter({ hasText: herName }).innerText()).toMatch(/已通过[\s\S]*审核人：单元中心户/);
  });

  it('made 队长 by the staff, she turns down a neighbour\'s application on her phone, with a reason', async () => {
    const me = await signedInApi(server.url, 'resident');
    const residentId = (await me.call<{ user: { residentId: string } }>('GET', '/me')).user.residentId;
    const team = (await me.call<{ mine: Array<{ id: string; name: string }> }>('GET', '/teams/mine')).mine.find((x) => x.name === TEAM)!;
    await (await signedInApi(server.url, 'community')).call('POST', `/teams/${team.id}/members`, { residentId, role: 'leader' });
    const { page } = resident;
    await page.reload();
    await page.getByTestId('teams-tabs').getByText('我的队伍').click();
    const card = page.getByTestId(`team-card-${TEAM}`);
    await eventually(() => card.getByTestId('my-role').innerText()).toBe('我是队长');
    const pending = card.getByTestId('leader-applications');
    await eventually(() => pending.innerText()).toContain('待审批的入队申请（1）');
    await pending.getByRole('button', { name: /^不\s?通\s?过$/ }).click();
    const modal = page.locator('.ant-modal-wrap:visible .ant-modal');
    await settled(modal);
    await modal.locator('textarea').fill('本期名额已满，下期招募再联系您');
    await modal.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await eventually(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await eventually(() => card.getByTestId('leader-applications').count()).toBe(0);
  });
});
