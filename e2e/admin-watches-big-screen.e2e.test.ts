/**
 * Journey (issue 5): the city admin puts 指挥大屏 on the wall (1920×1080). New tickets appear in the
 * live feed without anyone touching it; the server restarts (and a proxy answers 502 meanwhile) and
 * the screen comes back by itself and keeps showing new tickets.
 *
 * The server is started here rather than by journeyFrame: the journey restarts it on the same data
 * folder and port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedInApi } from './support/api';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { ensureWebBuilt, repoRoot } from './support/server';

const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-big-'));
let port = 0;
let url = '';
let child: ChildProcess | null = null;
let journey: Journey;

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function start() {
  const env: NodeJS.ProcessEnv = { ...process.env, LINLI_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  child = spawn(process.execPath, ['bin/linli.js', 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`linli serve exited:\n${output}`);
    try {
      if ((await fetch(`${url}/api/ready`)).status === 200) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`not ready in 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop() {
  const c = child;
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const gone = new Promise((ok) => c.once('exit', ok));
  c.kill('SIGTERM');
  const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

async function report(description: string): Promise<string> {
  const resident = await signedInApi(url, 'resident');
  const created = await resident.call<{ ticket: { number: string } }>('POST', '/tickets', { channel: 'resident', categoryCode: 'clutter', description });
  return created.ticket.number;
}

beforeAll(async () => {
  ensureWebBuilt();
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  await start();
  journey = await openBrowser('admin-watches-big-screen', { viewport: { width: 1920, height: 1080 } });
  journey.expectHttpError(401, '/api/v1/me');
}, 150_000);
beforeEach((ctx) => skipAfterFailure(ctx));
afterEach(() => {
  expect(journey.takeUnexpectedErrors()).toEqual([]);
});
afterAll(async () => {
  await journey?.close();
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the city admin watches the big screen', () => {
  it('opens 指挥大屏: dark, 1920×1080, the city at a glance, the live feed connected', async () => {
    const { page } = journey;
    await page.goto(`${url}/login`);
    await signIn(page, 'admin', 'Linli@2026');
    await page.waitForURL(`${url}/`);
    await page.goto(`${url}/big-screen`);
    await eventually(() => page.getByTestId('bs-status').innerText()).toBe('实时连接正常');
    await eventually(() => page.getByTestId('bs-kpis').innerText()).toContain('近30天受理');
    const box = await page.locator('.big-screen').boundingBox();
    expect(box).toMatchObject({ width: 1920, height: 1080 });
    const bg = await page.locator('.big-screen-viewport').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(2, 11, 28)');
    await eventually(() => page.locator('[data-testid="map"] path.leaflet-interactive').count()).toBeGreaterThan(0);
    // The smart-property panel: the demo city's devices, counted from /property/alerts/summary.
    await eventually(() => page.getByTestId('bs-alerts').innerText()).toMatch(/智慧物业告警[\s\S]*[1-9]\d*\s*设备/);
  });

  it('shows a new ticket in the live feed as it is reported, and counts it', async () => {
    const { page } = journey;
    const number = await report('楼道里堆满纸箱，堵住消防通道');
    await eventually(() => page.getByTestId('bs-feed').innerText()).toContain(number);
    expect(await page.getByTestId('bs-feed').innerText()).toContain('新诉求');
    // The title travels with the event (the description's start when the resident gave none).
    expect(await page.getByTestId('bs-feed').innerText()).toContain('楼道里堆满纸箱');
    // The panels refetch after events (at most every 10 s).
    await expect.poll(() => page.getByTestId('bs-kpis').innerText(), { timeout: 20_000, interval: 250 }).toMatch(/1\s*今日受理/);
  });

  it('rotates its panels by itself', async () => {
    const { page } = journey;
    const first = await page.getByTestId('bs-rotating').locator('h2').innerText();
    await expect.poll(() => page.getByTestId('bs-rotating').locator('h2').innerText(), { timeout: 20_000, interval: 500 }).not.toBe(first);
  });

  it('comes back by itself after the server restarts (a proxy answering 502 meanwhile)', async () => {
    const { page } = journey;
    // While the server is down, a proxy in front of it would answer 502: the browser gives the stream up then.
    await page.route('**/api/v1/stream', (route) => route.fulfill({ status: 502, body: 'Bad Gateway' }));
    journey.expectHttpError(502, '/api/v1/stream');
    await stop();
    await eventually(() => page.getByTestId('bs-status').innerText()).toBe('连接中断，正在重连…');
    await start();
    await page.unroute('**/api/v1/stream');
    await expect.poll(() => page.getByTestId('bs-status').innerText(), { timeout: 45_000, interval: 250 }).toBe('实时连接正常');
    const number = await report('单元门禁坏了，关不上');
    await eventually(() => page.getByTestId('bs-feed').innerText()).toContain(number);
    // Let the entry animation finish before the closing screenshot.
    await page.waitForTimeout(1000);
  }, 150_000);
});
