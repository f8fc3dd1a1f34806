/** `linli` commands of the ticket loop: rebuild ticket rows from their events. */
import { UsageError, withDatabase, type Command } from '../../platform/cli.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ticketsCommands: Record<string, Command> = {
  tickets: {
    usage:
      'linli tickets rebuild [--id <uuid>]\n' +
      '  Fold each ticket’s events into its row again (the row is a projection of ticket_events) and store it\n' +
      '  where it differs or is missing; with --id, one ticket and the columns that differed. A healthy database\n' +
      '  reports every ticket the same. Safe while the server runs (each ticket is locked while it is rebuilt).',
    options: { id: { type: 'string' } },
    positionals: true,
    run: async (v, positionals) => {
      if (positionals[0] !== 'rebuild' || positionals.length !== 1) throw new UsageError(positionals.length ? `unknown: ${positionals.join(' ')}; only "rebuild"` : 'what? only "rebuild" is supported');
      const id = v.id as string | undefined;
      if (id !== undefined && !UUID.test(id)) throw new UsageError(`--id must be a ticket id (uuid), got "${id}"`);
      return withDatabase(async ({ database }) => {
        const { rebuildTicket, rebuildAllTickets } = await import('./ticket-actions.service.js');
        if (id) {
          const r = await rebuildTicket(database.db, id);
          if (r.outcome === 'no-events') {
            console.error(`linli tickets: ticket ${id} has no events`);
            return 1;
          }
          console.log(r.outcome === 'same' ? `ticket ${id}: the row equals its events` : `ticket ${id}: ${r.outcome} (${r.differences.join(', ')})`);
          return 0;
        }
        const started = Date.now();
        const counts = await rebuildAllTickets(database.db, (done) => {
          if (done % 1000 === 0) process.stderr.write(`\r${done} tickets`);
        });
        const total = counts.same + counts.rebuilt + counts.created;
        console.log(`${total} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.same} the same, ${counts.rebuilt} rebuilt, ${counts.created} recreated`);
        return 0;
      });
    },
  },
};
