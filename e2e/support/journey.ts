/**
 * The frame every journey shares: a fresh server and a browser before the first step (after the
 * journey's own `before`), a failed step skips the rest, no unexpected console or HTTP error after
 * any step, and everything closed at the end.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { openBrowser, skipAfterFailure, type BrowserOptions, type Journey } from './browser';
import { startServer, type RunningServer } from './server';

export interface JourneyFrame {
  server: RunningServer;
  journey: Journey;
}

export function journeyFrame(name: string, options: BrowserOptions, hooks: { before?: () => Promise<void>; after?: () => void | Promise<void> } = {}): JourneyFrame {
  const frame = {} as JourneyFrame;
  beforeAll(async () => {
    await hooks.before?.();
    frame.server = await startServer();
    frame.journey = await openBrowser(name, options);
    // The app asks /me to learn whether anyone is signed in; anonymous is a 401 by design.
    frame.journey.expectHttpError(401, '/api/v1/me');
  });
  beforeEach((ctx) => skipAfterFailure(ctx));
  afterEach(() => {
    expect(frame.journey.takeUnexpectedErrors()).toEqual([]);
  });
  afterAll(async () => {
    await frame.journey?.close();
    await frame.server?.stop();
    await hooks.after?.();
  });
  return frame;
}
