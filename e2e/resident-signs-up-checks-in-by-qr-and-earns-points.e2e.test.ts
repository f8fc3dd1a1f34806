/**
 * Journey (issue 6): a resident finds an activity near her on her phone and signs up; at the activity
 * the leader shows the check-in code on the desktop and she scans it (her phone opens the code's
 * address), later the check-out code; the leader approves two hours; her points appear on her phone.
 *
 * Setup through the API, as it is not what the journey is about: community staff publish the activity,
 * starting a few minutes ago, with themselves as its leader.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedInApi } from './support/api';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const NAME = 'resident-signs-up-checks-in-by-qr-and-earns-points';
const TITLE = '社区花园义务劳动';
const PHONE_SIZE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

let server: RunningServer;
let resident: Journey;
let leader: Journey;
let startBalance = 0;

beforeAll(async () => {
  server = await startServer();
  const staff = await signedInApi(server.url, 'community');
  const now = Date.now();
  await staff.call('POST', '/activities', {
    title: TITLE,
    placeCode: '140602001001001',
    address: '幸福新邻里小区 北门花园',
    startsAt: new Date(now - 5 * 60_000).toISOString(),
    endsAt: new Date(now + 2 * 3600_000).toISOString(),
    capacity: 10,
  });
  startBalance = (await (await signedInApi(server.url, 'resident')).call<{ balance: number }>('GET', '/points/me')).balance;
  resident = await openBrowser(NAME, PHONE_SIZE);
  resident.expectHttpError(401, '/api/v1/me');
  leader = await openBrowser(`${NAME}-leader`, DESKTOP);
  leader.expectHttpError(401, '/api/v1/me');
});

beforeEach((ctx) => skipAfterFailure(ctx));

afterEach(() => {
  expect(resident.takeUnexpectedErrors()).toEqual([]);
  expect(leader.takeUnexpectedErrors()).toEqual([]);
});

afterAll(async () => {
  await resident?.close();
  await leader?.close();
  await server?.stop();
});

/** The leader's current code address (the QR's content), once it has changed from `previous`. */
async function codeUrl(previous = ''): Promise<string> {
  const qr = leader.page.getByTestId('qr-code');
  await eventually(async () => (await qr.getAttribute('data-url')) ?? '').toMatch(/^\/h5\/scan\?t=/);
  await eventually(async () => (await qr.getAttribute('data-url')) !== previous).toBe(true);
  return (await qr.getAttribute('data-url'))!;
}

describe('a resident signs up for an activity, checks in by QR and earns points', () => {
  it('she finds the activity near her on her phone and signs up', async () => {
    const { page } = resident;
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await signIn(page, 'resident', 'Linli@2026');
    await page.waitForURL(`${server.url}/h5`);
    await page.getByTestId('h5-tabs').getByText('活动').click();
    await page.waitForURL(`${server.url}/h5/activities`);
    await eventually(() => page.getByTestId('month-theme').innerText()).toContain('本月主题');
    const card = page.getByTestId('activity-card').filter({ hasText: TITLE });
    await eventually(() => card.innerText()).toContain('名额 0/10');
    await card.getByTestId('sign-up').click();
    await eventually(() => card.innerText()).toContain('已报名');
    await eventually(() => card.innerText()).toContain('名额 1/10');
  });

  it('the leader shows the check-in code and she scans it with her phone', async () => {
    const { page } = leader;
    await page.goto(`${server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('menuitem', { name: '志愿活动' }).click();
    await page.waitForURL(/\/activities/);
    await page.getByTestId('activity-link').filter({ hasText: TITLE }).first().click();
    await eventually(() => page.getByTestId('signups-table').innerText()).toContain('已报名');
    await page.getByTestId('show-qr').click();
    const url = await codeUrl();
    // Her phone's camera opens the code's address.
    await resident.page.goto(`${server.url}${url}`);
    await eventually(() => resident.page.getByTestId('h5-scan-page').innerText()).toContain('签到成功');
    await eventually(() => resident.page.getByTestId('h5-scan-page').innerText()).toContain(TITLE);
    // The same code again is refused, as a replay.
    resident.expectHttpError(409, '/api/v1/activities/scan');
    await resident.page.goto(`${server.url}${url}`);
    await eventually(() => resident.page.getByTestId('h5-scan-page').innerText()).toContain('签到未成功');
    await eventually(() => resident.page.getByTestId('h5-scan-page').innerText()).toContain('用过');
  });

  it('at the end she scans the check-out code', async () => {
    const { page } = leader;
    const before = await codeUrl();
    await page.getByTestId('qr-kind-out').click();
    const url = await codeUrl(before);
    await resident.page.goto(`${server.url}${url}`);
    await eventually(() => resident.page.getByTestId('h5-scan-page').innerText()).toContain('签退成功');
    await page.keyboard.press('Escape');
  });

  it('the leader approves two hours of service', async () => {
    const { page } = leader;
    const table = page.getByTestId('signups-table');
    await eventually(() => table.innerText()).toContain('待确认');
    await table.locator('input[data-testid=approve-minutes], [data-testid=approve-minutes] input').first().fill('120');
    await table.getByTestId('approve-hours').click();
    await eventually(() => table.innerText()).toContain('已确认');
    await eventually(() => table.innerText()).toContain('2.0 h');
  });

  it('her points and hours appear on her phone', async () => {
    const { page } = resident;
    await page.goto(`${server.url}/h5`);
    await page.getByTestId('h5-tabs').getByText('积分').click();
    await page.waitForURL(`${server.url}/h5/points`);
    // 2 h × 10 + 5 for taking part.
    await eventually(() => page.getByTestId('points-balance').innerText()).toContain(String(startBalance + 25));
    await eventually(() => page.getByTestId('points-ledger').innerText()).toContain('志愿服务时长');
    await eventually(() => page.getByTestId('points-ledger').innerText()).toContain('+20');
    await eventually(() => page.getByTestId('points-ledger').innerText()).toContain('参加活动');
  });
});
