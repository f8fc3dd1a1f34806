/**
 * Journey: a resident signs in on a phone, lands on 我的家 with her address and her household's
 * members (numbers masked), and cannot open a neighbour's household.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const NEIGHBOUR = '140602001001001001010102';
const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
const MASKED_MOBILE = /^1\d{2}\*{4}\d{4}$/;

let server: RunningServer;
let journey: Journey;

beforeAll(async () => {
  server = await startServer();
  journey = await openBrowser('resident-views-own-household', {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  journey.expectHttpError(401, '/api/v1/me');
});

beforeEach((ctx) => skipAfterFailure(ctx));

afterEach(() => {
  expect(journey.takeUnexpectedErrors()).toEqual([]);
});

afterAll(async () => {
  await journey?.close();
  await server?.stop();
});

/** Labelled values of the member cards, e.g. all 身份证号 values. */
async function valuesOf(label: string): Promise<string[]> {
  const items = journey.page.getByTestId('household-residents').locator('.ant-descriptions-item-container');
  const out: string[] = [];
  for (const item of await items.all()) {
    if ((await item.locator('.ant-descriptions-item-label').innerText()).trim() === label) {
      out.push((await item.locator('.ant-descriptions-item-content').innerText()).trim());
    }
  }
  return out;
}

describe('resident views her own household on a phone', () => {
  it('signs in and lands on /h5', async () => {
    const { page } = journey;
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await signIn(page, 'resident', 'Linli@2026');
    await page.waitForURL(`${server.url}/h5`);
  });

  it('sees her address and the members with masked ID numbers and phones', async () => {
    const { page } = journey;
    await eventually(() => page.getByTestId('household-address').innerText()).toContain('1号楼 1单元 101室');
    const cards = page.getByTestId('household-residents').locator('.ant-card');
    await eventually(() => cards.count()).toBeGreaterThan(0);
    const count = await cards.count();

    const ids = await valuesOf('身份证号');
    expect(ids).toHaveLength(count);
    for (const id of ids) expect(id).toMatch(MASKED_ID);
    const mobiles = (await valuesOf('联系电话')).filter((m) => m !== '—');
    expect(mobiles.length).toBeGreaterThan(0);
    for (const m of mobiles) expect(m).toMatch(MASKED_MOBILE);

    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    // Made for the phone: nothing sticks out sideways at 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('is sent back to /h5 from the staff pages', async () => {
    const { page } = journey;
    await page.goto(`${server.url}/org`);
    await page.waitForURL(`${server.url}/h5`);
    await page.goto(`${server.url}/`);
    await page.waitForURL(`${server.url}/h5`);
    await eventually(() => page.getByTestId('household-address').innerText()).toContain('101室');
  });

  it('cannot open a neighbour’s household', async () => {
    const { page } = journey;
    journey.expectHttpError(403, `/api/v1/places/${NEIGHBOUR}`);
    await page.goto(`${server.url}/org/${NEIGHBOUR}`);
    await eventually(() => page.locator('.ant-result-title').innerText()).toBe('无权访问');
    await eventually(() => page.getByTestId('household-residents').count()).toBe(0);
    await eventually(() => page.getByTestId('place-name').count()).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('102室');
    expect(text).not.toMatch(/\d{4}\*{10}/);
  });

  it('signs out', async () => {
    const { page } = journey;
    await page.goto(`${server.url}/h5`);
    await page.getByRole('button', { name: /退\s?出/ }).click();
    await page.waitForURL(`${server.url}/login`);
    await eventually(() => page.locator('.ant-message-notice').innerText()).toContain('已退出登录');
  });
});
