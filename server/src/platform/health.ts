/** /api/health (the process is alive) and /api/ready (database reachable, migrations current). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Database } from './db.js';
import { schemaState } from './migrate.js';
import { ErrorCode } from '../../../contracts/errors.js';

const components = new WeakMap<Database, Map<string, () => { state: string } & Record<string, unknown>>>();

/** Adds a part (e.g. the MQTT consumer) whose state /api/ready reports; it does not make the app unready (a broker down is not the database down). */
export function addReadinessComponent(database: Database, name: string, state: () => { state: string } & Record<string, unknown>) {
  const m = components.get(database) ?? new Map();
  m.set(name, state);
  components.set(database, m);
}

export function installHealth(app: FastifyInstance, database: Database) {
  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['system'], summary: '存活 Alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get('/api/ready', { config: { public: true }, schema: { tags: ['system'], summary: '就绪 Database reachable and migrations current' } }, async (req, reply) => {
    try {
      const state = await schemaState(database);
      const parts = Object.fromEntries([...(components.get(database) ?? new Map()).entries()].map(([k, fn]) => [k, fn()]));
      if (state.status === 'current') return { status: 'ready', engine: database.engine, migrations: state.applied, ...(Object.keys(parts).length ? { components: parts } : {}) };
      return reply.status(503).send({
        code: ErrorCode.NOT_READY,
        message: state.status === 'behind' ? `pending migrations: ${state.pending.join(', ')}` : `database schema is newer: ${state.unknown.join(', ')}`,
        requestId: req.id,
      });
    } catch (e) {
      req.log.warn({ err: e }, 'readiness check failed');
      return reply.status(503).send({ code: ErrorCode.NOT_READY, message: 'database unreachable', requestId: req.id });
    }
  });
}
