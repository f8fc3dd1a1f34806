/**
 * The one place ticket events are written: the events are appended, the row they fold into is stored,
 * and the hooks other modules registered run — all in the writer's transaction, so a hook's own
 * writes (an inbox row, a pg_notify on the bus) happen if and only if the change commits.
 */
import type { Db } from '../../platform/db.js';
import { applyEvent, type TicketEventRecord, type TicketRow } from './ticket-projection.js';
import * as repo from './tickets.repository.js';

/** Called with the ticket as it now is and the events just appended, inside their transaction. A hook that throws undoes the change. */
export type TicketEventsHook = (tx: Db, ticket: TicketRow, events: TicketEventRecord[]) => Promise<void>;

const hooks = new Set<TicketEventsHook>();

/** Registers a hook for every new ticket event (notifications, live pages); returns the way to remove it. */
export function onTicketEvents(hook: TicketEventsHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * Appends events to a ticket (`before` null: a new ticket, the first event 'register') and stores the
 * folded row. The caller holds the row lock (an existing ticket) and runs this in its transaction.
 */
export async function appendTicketEvents(tx: Db, before: TicketRow | null, events: TicketEventRecord[]): Promise<TicketRow> {
  let row = before;
  for (const e of events) row = applyEvent(row, e);
  if (!row) throw new Error('appendTicketEvents: no events');
  if (before) {
    await repo.insertEvents(tx, events);
    await repo.updateTicket(tx, row);
  } else {
    await repo.insertTicket(tx, row);
    await repo.insertEvents(tx, events);
  }
  for (const hook of hooks) await hook(tx, row, events);
  return row;
}
