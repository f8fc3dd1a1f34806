/**
 * The one place ticket events are written: the events are appended, the row they fold into is stored,
 * and the hooks other modules registered run — all in the writer's transaction, so a hook's own
 * writes (an inbox row, a pg_notify on the bus) happen if and only if the change commits.
 *
 * Writes come one ticket at a time (an action, a new ticket) or many at once (an escalation sweep's
 * batch): then the events go in one INSERT, the rows in one UPDATE, and batch hooks see the whole
 * batch, so a batch of 500 costs a handful of statements rather than thousands. The events and the
 * row always go in one statement (a data-modifying WITH).
 */
import type { Db } from '../../platform/db.js';
import { applyEvent, diffRows, type TicketEventRecord, type TicketRow } from './ticket-projection.js';
import * as repo from './tickets.repository.js';

/** Called with the ticket as it now is and the events just appended, inside their transaction. A hook that throws undoes the change. */
export type TicketEventsHook = (tx: Db, ticket: TicketRow, events: TicketEventRecord[]) => Promise<void>;

/** One ticket's new events and the row they fold into. */
export interface TicketChange {
  ticket: TicketRow;
  events: TicketEventRecord[];
  /** True for a ticket that did not exist before these events (its first event is 'register'). */
  created: boolean;
}

/** Called once per write with every ticket it changed (one, or a sweep's batch), inside the transaction. A hook that throws undoes the whole write. */
export type TicketChangesHook = (tx: Db, changes: TicketChange[]) => Promise<void>;

const hooks = new Set<TicketEventsHook>();
const batchHooks = new Set<TicketChangesHook>();

/** Registers a hook for every new ticket event, called once per ticket; returns the way to remove it. */
export function onTicketEvents(hook: TicketEventsHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Registers a hook called once per write with all the tickets it changed (notifications, live pages); returns the way to remove it. */
export function onTicketChanges(hook: TicketChangesHook): () => void {
  batchHooks.add(hook);
  return () => batchHooks.delete(hook);
}

async function runHooks(tx: Db, changes: TicketChange[]) {
  for (const c of changes) for (const hook of hooks) await hook(tx, c.ticket, c.events);
  for (const hook of batchHooks) await hook(tx, changes);
}

/**
 * Appends events to a ticket (`before` null: a new ticket, the first event 'register') and stores the
 * folded row. The caller holds the row lock (an existing ticket) and runs this in its transaction.
 */
export async function appendTicketEvents(tx: Db, before: TicketRow | null, events: TicketEventRecord[]): Promise<TicketRow> {
  let row = before;
  for (const e of events) row = applyEvent(row, e);
  if (!row) throw new Error('appendTicketEvents: no events');
  if (before) await repo.insertEventsAndUpdate(tx, events, row);
  else await repo.insertTicketWithEvents(tx, row, events);
  await runHooks(tx, [{ ticket: row, events, created: !before }]);
  return row;
}

/**
 * Appends events to many existing tickets at once (each locked by the caller, in its transaction):
 * one statement inserting all the events and updating the columns that changed, then the hooks. Returns the
 * new rows in the order given.
 */
export async function appendTicketEventsMany(tx: Db, items: Array<{ before: TicketRow; events: TicketEventRecord[] }>): Promise<TicketRow[]> {
  if (!items.length) return [];
  const changes: TicketChange[] = items.map(({ before, events }) => {
    let row = before;
    for (const e of events) row = applyEvent(row, e);
    return { ticket: row, events, created: false };
  });
  const columns = new Set<keyof TicketRow>();
  items.forEach(({ before }, i) => diffRows(before, changes[i].ticket).forEach((k) => columns.add(k as keyof TicketRow)));
  await repo.updateTicketColumns(
    tx,
    changes.map((c) => c.ticket),
    [...columns],
    changes.flatMap((c) => c.events),
  );
  await runHooks(tx, changes);
  return changes.map((c) => c.ticket);
}
