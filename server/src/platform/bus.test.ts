import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.js';
import type { Database } from './db.js';
import { announce, startBus, type Bus, type BusEvent } from './bus.js';

let db: Database & { drop(): Promise<void> };
let bus: Bus;
beforeAll(async () => {
  db = await createTestDatabase();
  bus = await startBus(db);
});
afterAll(async () => {
  await bus?.close();
  await db?.drop();
});

const next = (filter: (e: BusEvent) => boolean, ms = 3000) =>
  new Promise<BusEvent | null>((resolve) => {
    const timer = setTimeout(() => (off(), resolve(null)), ms);
    const off = bus.subscribe((e) => {
      if (filter(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });

describe('the bus', () => {
  it('delivers an announced event to subscribers', async () => {
    const got = next((e) => e.ticketId === 't1');
    await announce(db.db, { type: 'ticket.changed', ticketId: 't1', status: 'dispatched' });
    expect(await got).toMatchObject({ type: 'ticket.changed', ticketId: 't1', status: 'dispatched', at: expect.any(String) });
  });

  it('delivers only what commits', async () => {
    const got = next((e) => e.ticketId === 't2', 1000);
    await expect(
      db.db.transaction(async (tx) => {
        await announce(tx as never, { type: 'ticket.changed', ticketId: 't2' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await got).toBeNull();
    const committed = next((e) => e.ticketId === 't3');
    await db.db.transaction(async (tx) => announce(tx as never, { type: 'ticket.changed', ticketId: 't3' }));
    expect(await committed).not.toBeNull();
  });
});
