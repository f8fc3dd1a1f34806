/**
 * Journey (issue 4): a resident reports 楼道杂物乱堆 with a photo on her phone; the unit team misses
 * its deadline and the ticket escalates by itself to the building team; the building head accepts it
 * and reports back; the grid worker verifies it on site; the resident rates it; the public list shows
 * the whole timeline with her phone number masked.
 *
 * Setup through the API, as it is not what the journey is about: community staff form the tier teams
 * (一键组建), and the city admin gives 杂物乱堆 a calendar clock and a unit-team share of a few seconds
 * (the escalation sweep runs every second on this server).
 */
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedInApi } from './support/api';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const NAME = 'resident-reports-clutter-and-rates-it';
const PHONE = '13912345678';
const TEXT = `楼道杂物乱堆：1号楼1单元楼道里堆满了纸箱和旧家具，堵住了消防通道，请尽快清理。联系电话 ${PHONE}`;
const PHONE_SIZE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

let server: RunningServer;
let resident: Journey;
let ticketPath = '';
let ticketNumber = '';

/** Runs one staff member's part in a browser of her own, then closes it (with its screenshot). */
async function asStaff(username: string, suffix: string, steps: (j: Journey) => Promise<void>): Promise<void> {
  const j = await openBrowser(`${NAME}-${suffix}`, DESKTOP);
  j.expectHttpError(401, '/api/v1/me');
  try {
    await j.page.goto(`${server.url}/login`);
    await signIn(j.page, username, 'Linli@2026');
    await j.page.waitForURL(`${server.url}/`);
    await steps(j);
    expect(j.takeUnexpectedErrors()).toEqual([]);
  } finally {
    await j.close();
  }
}

beforeAll(async () => {
  server = await startServer({ env: { ESCALATION_INTERVAL_SECONDS: '1' } });
  const community = await signedInApi(server.url, 'community');
  await community.call('POST', '/teams/bootstrap', { placeCode: '140602001001' });
  const admin = await signedInApi(server.url, 'admin');
  await admin.call('PATCH', '/ticket-categories/clutter', {
    clock: 'calendar',
    deadlineHours: { emergency: 2, urgent: 24, general: 100, complex: 360 },
    // 0.00003 × 100 h ≈ 11 s for the unit team; the building team has 50 h.
    tierShares: { unit_team: 0.00003, building_team: 0.5, compound_team: 0.2, community: 0.1, township: 0.1, department: 0.09997 },
  });
  resident = await openBrowser(NAME, PHONE_SIZE);
  resident.expectHttpError(401, '/api/v1/me');
});

beforeEach((ctx) => skipAfterFailure(ctx));

afterEach(() => {
  expect(resident.takeUnexpectedErrors()).toEqual([]);
});

afterAll(async () => {
  await resident?.close();
  await server?.stop();
});

describe('a resident reports clutter in the stairwell, and it is handled up the tiers', () => {
  it('the resident reports 楼道杂物乱堆 with a photo on her phone', async () => {
    const { page } = resident;
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await signIn(page, 'resident', 'Linli@2026');
    await page.waitForURL(`${server.url}/h5`);
    await page.getByTestId('h5-tabs').getByText('我要反映').click();
    await page.waitForURL(`${server.url}/h5/report`);
    await eventually(() => page.getByTestId('report-home').innerText()).toContain('1号楼 1单元 101室');

    await page.getByTestId('description').fill(TEXT);
    // The category is suggested from the text.
    await eventually(() => page.getByTestId('category').innerText()).toContain('杂物乱堆');

    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 150, g: 110, b: 70 } } }).jpeg().toBuffer();
    await page.locator('input[type=file]').setInputFiles({ name: '楼道.jpg', mimeType: 'image/jpeg', buffer: photo });
    await eventually(() => page.locator('.ant-upload-list-item-done').count()).toBe(1);

    await page.getByTestId('submit-ticket').click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    ticketPath = new URL(page.url()).pathname;
    await eventually(() => page.getByTestId('ticket-number').innerText()).toMatch(/\S+/);
    ticketNumber = (await page.getByTestId('ticket-number').innerText()).trim();
    await eventually(() => page.locator('.ant-message-notice').innerText()).toContain(`已提交，编号 ${ticketNumber}`);
    await eventually(() => page.getByTestId('status-tag').first().innerText()).toBe('已派遣');
    await eventually(() => page.getByTestId('ticket-description').innerText()).toContain('堵住了消防通道');
    await eventually(() => page.getByTestId('photo-gallery').locator('img').count()).toBe(1);
    await eventually(() => page.getByTestId('event-dispatch').innerText()).toContain('单元自治组');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('the unit team misses its deadline: the ticket goes up to the building team on her open page', { timeout: 60_000 }, async () => {
    const { page } = resident;
    // No reload: the page follows the ticket over the live stream.
    await expect.poll(() => page.getByTestId('event-escalate').count(), { timeout: 45_000, interval: 250 }).toBe(1);
    await eventually(() => page.getByTestId('event-escalate').innerText()).toContain('超时自动升级 → 楼栋互助队');
    // The status changed for her: a message in the bell.
    await eventually(() => page.getByTestId('inbox-bell').locator('..').locator('.ant-badge-count').count()).toBeGreaterThan(0);
  });

  it('the building head accepts it from her queue and reports back', async () => {
    await asStaff('building', 'building', async ({ page }) => {
      await page.getByRole('menuitem', { name: '我的待办' }).click();
      const card = page.locator(`[data-testid=ticket-card][data-number="${ticketNumber}"]`);
      await eventually(() => card.count()).toBe(1);
      await eventually(() => card.innerText()).toContain('楼栋互助队');
      await card.getByTestId('action-accept').click();
      await eventually(() => page.locator('.ant-message-notice').innerText()).toContain('接单成功');

      await card.click();
      await page.waitForURL(`${server.url}${ticketPath}`);
      await eventually(() => page.getByTestId('status-tag').first().innerText()).toBe('处置中');
      await page.getByTestId('action-report_back').click();
      const form = page.getByTestId('action-form-report_back');
      await form.locator('textarea').fill('已组织楼栋互助队清理楼道纸箱和旧家具，消防通道已畅通。');
      await page.getByRole('button', { name: /^提\s?交$/ }).click();
      await eventually(() => page.getByTestId('status-tag').first().innerText()).toBe('待核查');
      await eventually(() => page.getByTestId('event-report_back').innerText()).toContain('消防通道已畅通');
    });
  });

  it('the grid worker verifies it on site: closed', async () => {
    await asStaff('grid', 'grid', async ({ page }) => {
      await page.getByRole('menuitem', { name: '待核查' }).click();
      const card = page.locator(`[data-testid=ticket-card][data-number="${ticketNumber}"]`);
      await eventually(() => card.count()).toBe(1);
      await card.getByTestId('action-verify_pass').click();
      await page.getByTestId('action-form-verify_pass').locator('textarea').fill('现场核查，楼道已清理干净。');
      await page.getByRole('button', { name: /^提\s?交$/ }).click();
      await eventually(() => page.locator('.ant-message-notice').innerText()).toContain('核查通过成功');
      await eventually(() => card.count()).toBe(0);
    });
  });

  it('the resident sees it closed and rates it 满意', async () => {
    const { page } = resident;
    await eventually(() => page.getByTestId('status-tag').first().innerText()).toBe('已结案');
    await page.getByTestId('action-rate').click();
    const form = page.getByTestId('action-form-rate');
    await form.getByText('满意', { exact: true }).click();
    await form.locator('textarea').fill('处理很及时，谢谢楼栋长！');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await eventually(() => page.getByTestId('ticket-rating').innerText()).toContain('满意');
    await eventually(() => page.getByTestId('event-rate').innerText()).toContain('评价：满意');
    await eventually(() => page.getByTestId('action-rate').count()).toBe(0);

    // 我的诉求 lists it with its status.
    await page.getByTestId('h5-tabs').getByText('我的诉求').click();
    const mine = page.locator(`[data-testid=ticket-card][data-number="${ticketNumber}"]`);
    await eventually(() => mine.locator('[data-testid=status-tag]').innerText()).toBe('已结案');
  });

  it('the public list shows the whole timeline, her phone number masked', async () => {
    const visitor = await openBrowser(`${NAME}-public`, PHONE_SIZE);
    try {
      const { page } = visitor;
      visitor.expectHttpError(401, '/api/v1/me');
      await page.goto(`${server.url}/login`);
      await page.getByTestId('public-link').click();
      await page.waitForURL(`${server.url}/public`);
      await page.getByTestId('public-search').locator('input').fill('杂物');
      await page.getByTestId('public-search').locator('input').press('Enter');
      const card = page.locator(`[data-testid=public-card][data-number="${ticketNumber}"]`);
      await eventually(() => card.count()).toBe(1);
      await card.click();
      // The drawer slides in over the list (and is what the screenshot should show).
      await eventually(() => page.locator('.ant-drawer-content-wrapper').evaluate((e) => Math.round(e.getBoundingClientRect().left))).toBe(0);
      const timeline = page.getByTestId('public-timeline');
      await eventually(() => timeline.locator('.timeline-entry').count()).toBeGreaterThanOrEqual(7);
      const steps = await timeline.locator('.timeline-entry').allInnerTexts();
      const order = ['受理立案', '派遣', '升级', '接单处置', '办理反馈', '核查通过，结案', '评价'];
      let at = -1;
      for (const step of order) {
        const found = steps.findIndex((s, i) => i > at && s.includes(step));
        expect(found, `${step} after step ${at} in ${JSON.stringify(steps)}`).toBeGreaterThan(at);
        at = found;
      }
      const text = await page.getByTestId('public-ticket').innerText();
      expect(text).toContain('139****5678');
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain('101室');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(visitor.takeUnexpectedErrors()).toEqual([]);
    } finally {
      await visitor.close();
    }
  });
});
