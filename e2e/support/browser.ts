/** Real Chromium for a journey: fresh profile, console and page errors collected, a final screenshot. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect, type TestContext } from 'vitest';
import { repoRoot } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserOptions {
  viewport: { width: number; height: number };
  isMobile?: boolean;
  hasTouch?: boolean;
}

/** An HTTP error answer the journey provokes on purpose (Chromium logs each one as a console error). */
export interface ExpectedHttpError {
  status: number;
  path: string;
}

export interface Journey {
  context: BrowserContext;
  page: Page;
  /** Declares an HTTP error answer as part of the journey, so its console line is not a failure. */
  expectHttpError(status: number, path: string): void;
  /** Console errors and page errors that nobody expected since the last call (the list is emptied). */
  takeUnexpectedErrors(): string[];
  /** Saves e2e/screenshots/<name>.png, then closes the browser and deletes the profile. */
  close(): Promise<void>;
}

const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})/;

/** Launches headless Chromium with a fresh profile, in Chinese. */
export async function openBrowser(name: string, options: BrowserOptions): Promise<Journey> {
  const profile = mkdtempSync(join(tmpdir(), 'linli-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.viewport,
    isMobile: options.isMobile,
    hasTouch: options.hasTouch,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const expected: ExpectedHttpError[] = [];
  const errors: string[] = [];

  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    const text = msg.text();
    const failed = FAILED_RESOURCE.exec(text);
    if (failed) {
      const url = msg.location().url;
      const path = url ? new URL(url).pathname : '';
      if (expected.some((e) => e.status === Number(failed[1]) && e.path === path)) return;
      errors.push(`console ${msg.type()}: ${text} (${url})`);
      return;
    }
    // Warnings count too: React and antd report misuse (deprecated props, key errors) as warnings.
    errors.push(`console ${msg.type()}: ${text}`);
  });

  return {
    context,
    page,
    expectHttpError: (status, path) => expected.push({ status, path }),
    takeUnexpectedErrors: () => errors.splice(0),
    close: async () => {
      try {
        const dir = join(repoRoot, 'e2e/screenshots');
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

/** Signs in through the login form (the page must be on /login). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
}

/** expect.poll with room for a real server and browser (vitest's default is 1 s). */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

/**
 * A journey's steps build on each other: once one fails, the rest are skipped instead of each
 * waiting out its own timeouts. Call from beforeEach.
 */
export function skipAfterFailure(ctx: TestContext): void {
  const failedBefore = ctx.task.suite?.tasks.some((t) => t !== ctx.task && t.result?.state === 'fail');
  if (failedBefore) ctx.skip();
}
