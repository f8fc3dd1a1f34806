/** The audit log: append a row for each sign-in, role change and read of personal data. */
import type { FastifyRequest } from 'fastify';
import type { Db } from './db.js';
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
  return db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetKind: entry.targetKind ?? null,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
    ip: req?.ip ?? null,
    requestId: req?.id ?? null,
  });
}
