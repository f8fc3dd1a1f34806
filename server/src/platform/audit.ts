/** The audit log: append a row for each sign-in, role change and read of personal data. */
import type { FastifyRequest } from 'fastify';
import { insertAsJson, type Db } from './db.js';
import type { SQL } from 'drizzle-orm';
import { auditLog } from './platform.schema.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetKind?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

/** Appends an audit row; request context (ip, request id) is taken from `req` when given. */
export async function recordAudit(db: Db, entry: AuditEntry, req?: FastifyRequest): Promise<void> {
  await auditInsert(db, entry, req);
}

/** recordAudit's INSERT, not yet run: to run as part of another statement (a WITH), or awaited on its own. */
export function auditInsert(db: Db, entry: AuditEntry, req?: FastifyRequest) {
  return db.insert(auditLog).values(auditRow(entry, req));
}

/** Many audit rows as one statement, not yet run (a batch of creates: a row each, with its own request's context), the rows as one JSON parameter. */
export function auditInsertManySql(list: Array<{ entry: AuditEntry; req?: FastifyRequest }>): SQL {
  return insertAsJson(
    auditLog,
    list.map(({ entry, req }) => auditRow(entry, req)),
  );
}

function auditRow(entry: AuditEntry, req?: FastifyRequest) {
  return {
    actorId: entry.actorId,
    action: entry.action,
    targetKind: entry.targetKind ?? null,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
    ip: req?.ip ?? null,
    requestId: req?.id ?? null,
  };
}
