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
import type { SQL, SQLWrapper } from 'drizzle-orm';
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

/**
 * A hook that only writes, as one statement: given the changes, it returns the statement (null: nothing
 * to write) instead of running it. A writer runs it in its transaction, or sends it in the same round
 * trip as the change itself (a batch of creates, `newTicketsScript`). It must not need to read first.
 */
export type TicketChangesStatement = (changes: TicketChange[]) => SQLWrapper | null;

/** Which changes a hook wants (all, without one): a write no hook wants skips them. */
export type WantsChange = (change: TicketChange) => boolean;

const hooks = new Map<TicketEventsHook, WantsChange | null>();
const batchHooks = new Map<TicketChangesHook, WantsChange | null>();
const statementHooks = new Set<TicketChangesStatement>();

/** Registers a hook for new ticket events, called once per ticket it wants (every one, without `wants`); returns the way to remove it. */
export function onTicketEvents(hook: TicketEventsHook, wants?: WantsChange): () => void {
  hooks.set(hook, wants ?? null);
  return () => hooks.delete(hook);
}

/** Registers a hook called once per write with the tickets it changed that the hook wants (every one, without `wants`); returns the way to remove it. */
export function onTicketChanges(hook: TicketChangesHook, wants?: WantsChange): () => void {
  batchHooks.set(hook, wants ?? null);
  return () => batchHooks.delete(hook);
}

/** Registers a hook whose work is one statement (notifications, live pages); returns the way to remove it. */
export function onTicketChangesStatement(hook: TicketChangesStatement): () => void {
  statementHooks.add(hook);
  return () => statementHooks.delete(hook);
}

const wanted = (wants: WantsChange | null, changes: TicketChange[]) => (wants ? changes.filter(wants) : changes);

async function runHooks(tx: Db, changes: TicketChange[]) {
  for (const [hook, wants] of hooks) for (const c of wanted(wants, changes)) await hook(tx, c.ticket, c.events);
  for (const [hook, wants] of batchHooks) {
    const mine = wanted(wants, changes);
    if (mine.length) await hook(tx, mine);
  }
  for (const statement of statementHooks) {
    const s = statement(changes);
    if (s) await tx.execute(s);
  }
}

/**
 * New tickets as the statements of a script sent in one round trip (platform/db.ts runScript): one
 * storing their rows, events and first followers with the caller's `alongside` statements, then the
 * statement hooks' statements. Null when a hook that must run in a transaction wants any of them: then
 * they are written the usual way (insertNewTickets in a transaction).
 */
export function newTicketsScript(list: Array<{ row: TicketRow; events: TicketEventRecord[]; followerUserId?: string | null }>, alongside: Record<string, SQL> = {}): SQLWrapper[] | null {
  const changes = list.map(({ row, events }) => ({ ticket: row, events, created: true }));
  for (const [, wants] of hooks) if (wanted(wants, changes).length) return null;
  for (const [, wants] of batchHooks) if (wanted(wants, changes).length) return null;
  const statements = [...statementHooks].map((h) => h(changes)).filter((s): s is SQLWrapper => s !== null);
  return [repo.insertTicketsSql(...newTicketRows(list), alongside), ...statements];
}

/** The rows, events and first followers of new tickets, as insertTicketsSql takes them. */
function newTicketRows(list: Array<{ row: TicketRow; events: TicketEventRecord[]; followerUserId?: string | null }>) {
  return [
    list.map((x) => x.row),
    list.flatMap((x) => x.events),
    list.flatMap(({ row, followerUserId }) => (followerUserId ? [{ ticketId: row.id, userId: followerUserId, countyCode: row.countyCode }] : [])),
  ] as const;
}

/**
 * Appends events to an existing ticket and stores the folded row (a new ticket: insertNewTickets). The
 * caller holds the row lock and runs this in its transaction.
 */
export async function appendTicketEvents(tx: Db, before: TicketRow, events: TicketEventRecord[]): Promise<TicketRow> {
  let row = before;
  for (const e of events) row = applyEvent(row, e);
  await repo.insertEventsAndUpdate(tx, events, row);
  await runHooks(tx, [{ ticket: row, events, created: false }]);
  return row;
}

/**
 * Stores new tickets (a batch of creates, or one): each row folded from its events by the caller, in
 * one statement with all their events and the followers they start with (`row.followers` counts
 * them), then the hooks with the whole batch.
 */
export async function insertNewTickets(tx: Db, list: Array<{ row: TicketRow; events: TicketEventRecord[]; followerUserId?: string | null }>): Promise<void> {
  if (!list.length) return;
  await tx.execute(repo.insertTicketsSql(...newTicketRows(list)));
  await runHooks(
    tx,
    list.map(({ row, events }) => ({ ticket: row, events, created: true })),
  );
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
