/**
 * Live events between processes: a change is announced with pg_notify inside the writing transaction
 * (so it is delivered only if the change commits, to every server process on the database), and each
 * process's bus fans it out to its listeners (SSE streams, notifications).
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from './db.js';

export const BUS_CHANNEL = 'linli_events';

/** What travels on the bus: small (pg_notify payloads stop at 8,000 bytes); readers fetch details. */
export interface BusEvent {
  type: string;
  ticketId?: string;
  number?: string;
  /** The ticket's title (at most 60 characters), for live feeds. */
  title?: string;
  status?: string;
  /** The ticket's place; the public stream cuts it to the compound. */
  placeCode?: string;
  countyCode?: string;
  confidential?: boolean;
  /** Who should hear of it beyond those in scope: reporter, followers, team members. */
  userIds?: string[];
  /** Smart property: the device and alert a change is about. */
  deviceId?: string;
  alertId?: string;
  severity?: string;
  at: string;
}

/** Announces an event; call it inside the transaction that makes the change. */
export async function announce(db: Db, event: Omit<BusEvent, 'at'> & { at?: string }): Promise<void> {
  const payload = JSON.stringify({ ...event, at: event.at ?? new Date().toISOString() });
  await db.execute(sql`SELECT pg_notify(${BUS_CHANNEL}, ${payload})`);
}

export interface Bus {
  subscribe(fn: (e: BusEvent) => void): () => void;
  close(): Promise<void>;
}

/** Starts listening on the database; every announced event reaches every subscriber of this process. */
export async function startBus(database: Database): Promise<Bus> {
  const subscribers = new Set<(e: BusEvent) => void>();
  const stop = await database.listen(BUS_CHANNEL, (payload) => {
    let event: BusEvent;
    try {
      event = JSON.parse(payload) as BusEvent;
    } catch {
      return;
    }
    for (const fn of subscribers) {
      try {
        fn(event);
      } catch {
        // One broken listener must not starve the others.
      }
    }
  });
  return {
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    close: () => stop(),
  };
}
