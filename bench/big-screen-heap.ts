/**
 * Issue 5: the big screen's JS heap under a live feed of 10 tickets a second (target after an hour:
 * < 200 MB), measured in Chromium. Starts `linli serve` on a PostgreSQL database of its own (seeds the
 * demo city), opens /big-screen at 1920×1080 as the city admin, reports real tickets over HTTP at the
 * given rate, and every --sample seconds forces a GC and reads the page's heap (CDP Runtime.getHeapUsage).
 * Prints the heap right after load (the baseline), each sample, and the least-squares slope with its
 * extrapolation to 60 minutes.
 *   DATABASE_URL=postgres://…/linli_heap npx tsx bench/big-screen-heap.ts [--minutes 60] [--rate 10] [--sample 30]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '60' }, rate: { type: 'string', default: '10' }, sample: { type: 'string', default: '30' }, port: { type: 'string', default: '0' } } });
const db = process.env.DATABASE_URL;
if (!db) {
  console.error('DATABASE_URL is required: an empty database of its own (the demo city is seeded into it)');
  process.exit(2);
}
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const sampleMs = Number(values.sample) * 1000;
const port = Number(values.port) || 20000 + Math.floor(Math.random() * 20000);
const url = `http://127.0.0.1:${port}`;
const root = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'linli-heap-'));

const server = spawn(process.execPath, ['bin/linli.js', 'serve'], { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LINLI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT: '1000000' }, stdio: ['ignore', 'inherit', 'inherit'] });
const stopServer = () => server.exitCode === null && server.kill('SIGTERM');
process.on('exit', stopServer);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/api/ready`)).status === 200) break;
  } catch {
    // not yet
  }
  if (i > 900) throw new Error('server not ready in 3 minutes');
  await new Promise((r) => setTimeout(r, 200));
}

async function session(username: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Linli@2026' }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}
const resident = await session('resident');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'] });
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const page = await context.newPage();
await page.goto(`${url}/login`);
await page.getByLabel('用户名').fill('admin');
await page.getByLabel('密码').fill('Linli@2026');
await page.getByRole('button', { name: /^登\s?录$/ }).click();
await page.waitForURL(`${url}/`);
await page.goto(`${url}/big-screen`);
await page.getByText('实时连接正常').waitFor({ timeout: 30_000 });
const cdp = await context.newCDPSession(page);
await cdp.send('HeapProfiler.enable');
const heap = async () => {
  await cdp.send('HeapProfiler.collectGarbage');
  const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { mb: h.usedSize / 1048576, nodes };
};
const baseline = await heap();
console.log(`baseline after load: JS heap ${baseline.mb.toFixed(1)} MB, ${baseline.nodes} DOM elements`);

// The feed: real tickets over HTTP at `rate` a second, paced by the clock (a slow answer does not lower the rate).
let sent = 0;
let failed = 0;
const started = Date.now();
const end = started + minutes * 60_000;
const CATS = ['clutter', 'noise', 'parking', 'litter', 'repair'];
const feeder = (async () => {
  const inflight = new Set<Promise<void>>();
  while (Date.now() < end) {
    const due = started + (sent * 1000) / rate;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const n = sent++;
    const p = fetch(`${url}/api/v1/tickets`, {
      method: 'POST',
      headers: { cookie: resident.cookie, 'x-csrf-token': resident.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'resident', categoryCode: CATS[n % CATS.length], description: `压测诉求 ${n}：楼道杂物` }),
    })
      .then((r) => {
        if (r.status !== 201 && r.status !== 200) failed++;
        return r.arrayBuffer();
      })
      .then(() => undefined, () => void failed++)
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size > 50) await Promise.race(inflight);
  }
  await Promise.all(inflight);
})();

const samples: Array<{ min: number; mb: number; nodes: number }> = [];
while (Date.now() < end) {
  await new Promise((r) => setTimeout(r, Math.min(sampleMs, Math.max(0, end - Date.now()))));
  const h = await heap();
  const min = (Date.now() - started) / 60_000;
  samples.push({ min, ...h });
  const feedRows = await page.locator('[data-testid="bs-feed"] li').count();
  console.log(`${min.toFixed(1)} min: sent ${sent} (${(sent / ((Date.now() - started) / 1000)).toFixed(1)}/s, ${failed} failed), JS heap ${h.mb.toFixed(1)} MB, ${h.nodes} DOM elements, ${feedRows} feed rows`);
}
await feeder;
const nS = samples.length;
const mx = samples.reduce((s, x) => s + x.min, 0) / nS;
const my = samples.reduce((s, x) => s + x.mb, 0) / nS;
const slope = samples.reduce((s, x) => s + (x.min - mx) * (x.mb - my), 0) / (samples.reduce((s, x) => s + (x.min - mx) ** 2, 0) || 1);
const last = samples[nS - 1];
console.log(`fed ${sent} tickets in ${minutes} min (${failed} failed); heap: baseline ${baseline.mb.toFixed(1)} MB, last ${last.mb.toFixed(1)} MB, max ${Math.max(...samples.map((s) => s.mb)).toFixed(1)} MB; trend ${slope.toFixed(3)} MB/min → ${(last.mb + slope * Math.max(0, 60 - last.min)).toFixed(1)} MB at 60 min  [target < 200 MB after an hour]`);
await browser.close();
stopServer();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
