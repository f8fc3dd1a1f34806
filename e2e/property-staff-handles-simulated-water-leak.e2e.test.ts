/**
 * Journey (issue 8): the demo compound's devices talk to the real MQTT broker (`linli simulate
 * devices`); a water leak in 1号楼's basement turns its dot red on the live page, raises a critical
 * alert and opens a ticket; the property staff (a member of the compound's 小区共治团) acknowledge
 * the alert, take the ticket and report back; the sensor reports dry again and the alert resolves
 * by itself while the ticket waits; the grid worker verifies it on site and it closes.
 *
 * Setup through the API: community staff form the compound team and add the property account to it
 * (the property company serves on the compound's co-governance team), so the device ticket, which
 * finds no building team, goes to the compound team.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedInApi } from './support/api';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { repoRoot, startServer, type RunningServer } from './support/server';

const NAME = 'property-staff-handles-simulated-water-leak';
const DESKTOP = { viewport: { width: 1400, height: 1000 } };
const BROKER = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
const RUN = randomBytes(4).toString('hex');
const PREFIX = `linli-e2e-${RUN}`;
const COMPOUND = '140602001001001';
const LEAK = `WL-${COMPOUND}-01`;

let server: RunningServer;
let property: Journey;
let ticketPath = '';
let ticketNumber = '';

/** `linli simulate devices` as a person would run it, against the same broker and topic prefix. */
async function simulate(args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/linli.js', 'simulate', 'devices', '--compound', COMPOUND, ...args], {
    cwd: repoRoot,
    env: { ...process.env, MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: PREFIX, LINLI_DATA_DIR: join(tmpdir(), `linli-e2e-sim-${RUN}`), DATABASE_URL: '' },
    timeout: 60_000,
  });
  return stdout;
}

beforeAll(async () => {
  server = await startServer({ env: { MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: PREFIX, MQTT_CLIENT_ID: `linli-e2e-${RUN}`, MQTT_CONNECTIONS: '2' } });
  const community = await signedInApi(server.url, 'community');
  const team = await community.call<{ id: string }>('POST', '/teams', { kind: 'compound_team', placeCode: COMPOUND });
  const me = await (await signedInApi(server.url, 'property')).call<{ user: { id: string } }>('GET', '/me');
  await community.call('POST', `/teams/${team.id}/members`, { userId: me.user.id });
  property = await openBrowser(NAME, DESKTOP);
  property.expectHttpError(401, '/api/v1/me');
});

beforeEach((ctx) => skipAfterFailure(ctx));
afterEach(() => {
  expect(property.takeUnexpectedErrors()).toEqual([]);
});
afterAll(async () => {
  await property?.close();
  await server?.stop();
});

describe('a simulated water leak becomes an alert and a ticket, and is handled', () => {
  it('property staff watch the live page of their compound', async () => {
    const { page } = property;
    await page.goto(`${server.url}/login`);
    await signIn(page, 'property', 'Linli@2026');
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('menuitem', { name: '设备实况' }).click();
    await page.waitForURL(/\/property\/live/);
    await eventually(() => page.getByTestId('live-state').innerText()).toContain('实时');
    await eventually(() => page.getByTestId(`device-dot-${LEAK}`).getAttribute('data-status')).toBe('normal');
    await eventually(() => page.getByTestId('alerts-card').innerText()).toContain('没有未解除的告警');
  });

  it('the simulator publishes the compound’s traffic with a leak: the dot turns red, a critical alert opens with its ticket', { timeout: 90_000 }, async () => {
    const { page } = property;
    const out = await simulate(['--rate', '30', '--seconds', '6', '--incident', 'water_leak', '--incident-at', '1', '--incident-for', '600']);
    expect(out).toMatch(/failed 0/);
    await expect.poll(() => page.getByTestId(`device-dot-${LEAK}`).getAttribute('data-status'), { timeout: 20_000, interval: 200 }).toBe('alarm');
    const alert = page.getByTestId(`alert-${LEAK}`);
    await eventually(() => alert.innerText()).toContain('漏水告警');
    await eventually(() => alert.innerText()).toContain('严重');
    await expect.poll(() => alert.getByTestId('alert-ticket').count(), { timeout: 20_000, interval: 200 }).toBe(1);
    ticketNumber = (await alert.getByTestId('alert-ticket').innerText()).replace('工单', '').trim();
    ticketPath = (await alert.getByTestId('alert-ticket').getAttribute('href'))!;
    expect(ticketPath).toMatch(/^\/tickets\/[0-9a-f-]{36}$/);
  });

  it('property staff acknowledge the alert, take the ticket and report back', async () => {
    const { page } = property;
    const alert = page.getByTestId(`alert-${LEAK}`);
    await alert.getByTestId('ack-alert').click();
    await eventually(() => page.locator('.ant-message-notice').innerText()).toContain('已确认告警');
    await eventually(() => alert.getAttribute('data-status')).toBe('acknowledged');
    await alert.getByTestId('alert-ticket').click();
    await page.waitForURL(`${server.url}${ticketPath}`);
    await eventually(() => page.getByTestId('ticket-number').innerText()).toContain(ticketNumber);
    await eventually(() => page.getByTestId('event-dispatch').innerText()).toContain('小区共治团');
    await page.getByTestId('action-accept').click();
    await eventually(() => page.getByTestId('status-tag').first().innerText()).toBe('处置中');
    await page.getByTestId('action-report_back').click();
    await page.getByTestId('action-form-report_back').locator('textarea').fill('物业已关闭进水阀，更换地下室破裂水管，积水已排干。');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await eventually(() => page.getByTestId('status-tag').first().innerText()).toBe('待核查');
  });

  it('the sensor reports dry again: the alert resolves by itself, the ticket still waits for verification', { timeout: 90_000 }, async () => {
    const { page } = property;
    await simulate(['--rate', '20', '--seconds', '3']);
    await page.goto(`${server.url}/property/live?place=${COMPOUND}`);
    await expect.poll(() => page.getByTestId(`device-dot-${LEAK}`).getAttribute('data-status'), { timeout: 20_000, interval: 200 }).toBe('normal');
    await eventually(() => page.getByTestId(`alert-${LEAK}`).count()).toBe(0);
    await page.goto(`${server.url}${ticketPath}`);
    await eventually(() => page.getByTestId('status-tag').first().innerText()).toBe('待核查');
  });

  it('the grid worker verifies it on site: closed', async () => {
    const grid = await openBrowser(`${NAME}-grid`, DESKTOP);
    grid.expectHttpError(401, '/api/v1/me');
    try {
      const { page } = grid;
      await page.goto(`${server.url}/login`);
      await signIn(page, 'grid', 'Linli@2026');
      await page.waitForURL(`${server.url}/`);
      await page.getByRole('menuitem', { name: '待核查' }).click();
      const card = page.locator(`[data-testid=ticket-card][data-number="${ticketNumber}"]`);
      await eventually(() => card.count()).toBe(1);
      await card.getByTestId('action-verify_pass').click();
      await page.getByTestId('action-form-verify_pass').locator('textarea').fill('现场核查，地下室已无积水，水浸探测器正常。');
      await page.getByRole('button', { name: /^提\s?交$/ }).click();
      await eventually(() => page.locator('.ant-message-notice').innerText()).toContain('核查通过成功');
      await eventually(() => card.count()).toBe(0);
      expect(grid.takeUnexpectedErrors()).toEqual([]);
    } finally {
      await grid.close();
    }
  });
});
