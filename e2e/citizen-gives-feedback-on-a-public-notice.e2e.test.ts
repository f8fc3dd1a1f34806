/**
 * Journey (issue 7): a citizen reads the city's notice of cadre appointments (公示) without signing in,
 * sends named feedback during the window and keeps the receipt code; the publisher sees the feedback
 * but not who sent it; the supervisor (纪检监督) sees the sender and answers; the citizen looks the
 * outcome up by the receipt code; the print view shows the notice alone.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const NAME = 'citizen-gives-feedback-on-a-public-notice';
const TITLE = '中共朔州市委组织部干部任前公示';
const CONTENT = '反映公示对象王某某在原单位工作期间存在违规发放补贴的问题，请予核实。';

let server: RunningServer;
let citizen: Journey;
let receipt = '';

beforeAll(async () => {
  server = await startServer();
  citizen = await openBrowser(`${NAME}-citizen`, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  citizen.expectHttpError(401, '/api/v1/me');
});
beforeEach((ctx) => skipAfterFailure(ctx));
afterEach(() => expect(citizen.takeUnexpectedErrors()).toEqual([]));
afterAll(async () => {
  await citizen?.close();
  await server?.stop();
});

async function asStaff(username: string, suffix: string, steps: (j: Journey) => Promise<void>) {
  const j = await openBrowser(`${NAME}-${suffix}`, { viewport: { width: 1366, height: 900 } });
  j.expectHttpError(401, '/api/v1/me');
  try {
    await j.page.goto(`${server.url}/login`);
    await signIn(j.page, username, 'Linli@2026');
    await j.page.waitForURL(`${server.url}/`);
    await j.page.goto(`${server.url}/notices`);
    await j.page.getByTestId('notices-table').getByText(TITLE).click();
    await eventually(() => j.page.getByTestId('feedback-list').innerText()).toContain(CONTENT);
    await steps(j);
    expect(j.takeUnexpectedErrors()).toEqual([]);
  } finally {
    await j.close();
  }
}

describe('a citizen gives confidential feedback on a public notice and looks up the outcome', () => {
  it('reads the notice without signing in and sends named feedback; keeps the receipt code', async () => {
    const { page } = citizen;
    await page.goto(`${server.url}/gs/notices`);
    await page.getByText(TITLE).click();
    await eventually(() => page.getByTestId('notice-text').innerText()).toContain('中共朔州市委组织部');
    await page.getByText('实名反映').click();
    const form = page.getByTestId('feedback-form');
    await form.getByLabel('姓名').fill('李明');
    await form.getByLabel('手机号').fill('13912345678');
    await form.getByLabel('反映内容').fill(CONTENT);
    await form.getByRole('button', { name: /提\s?交/ }).click();
    await eventually(() => page.getByTestId('receipt-code').innerText()).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/);
    receipt = (await page.getByTestId('receipt-code').innerText()).trim().slice(0, 14);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('the publisher (the city admin) reads the feedback but not who sent it', async () => {
    await asStaff('admin', 'publisher', async ({ page }) => {
      const text = await page.getByTestId('feedback-list').innerText();
      expect(text).toContain('仅纪检监督可见');
      expect(text).not.toContain('李明');
      expect(text).not.toContain('13912345678');
    });
  });

  it('the supervisor sees the sender and answers', async () => {
    await asStaff('supervisor', 'supervisor', async ({ page }) => {
      await eventually(() => page.getByTestId('feedback-sender').first().innerText()).toContain('李明 · 13912345678');
      await page.getByPlaceholder('答复').fill('经核查，所反映问题不属实，已向反映人当面说明。');
      await page.getByTestId('feedback-list').getByRole('button', { name: /答\s?复/ }).click();
      await eventually(() => page.getByTestId('feedback-list').innerText()).toContain('已答复');
    });
  });

  it('the citizen looks the outcome up by the receipt code', async () => {
    const { page } = citizen;
    await page.reload();
    await page.getByTestId('receipt-input').fill(receipt.toLowerCase());
    await page.getByRole('button', { name: '查询处理结果' }).click();
    await eventually(() => page.getByTestId('receipt-status').innerText()).toContain('经核查，所反映问题不属实');
    expect(await page.getByTestId('receipt-status').innerText()).not.toContain('李明');
  });

  it('the print view shows the notice alone', async () => {
    const { page } = citizen;
    await page.goto(page.url().replace(/\/?$/, '/print'));
    await eventually(() => page.getByTestId('notice-text').innerText()).toContain('公示时间');
    expect(await page.getByTestId('feedback-form').count()).toBe(0);
  });
});
