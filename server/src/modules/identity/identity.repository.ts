/** SQL for users, sessions and grants. No rules here. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { preparedRows, rows } from '../../platform/db.js';
import { roleGrants, sessions, users } from './identity.schema.js';
import { auditLog } from '../../platform/platform.schema.js';

export type UserRow = typeof users.$inferSelect;

export function findUserByUsername(db: Db, username: string) {
  return db.query.users.findFirst({ where: eq(users.username, username) });
}

export function findUserById(db: Db, id: string) {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

export async function insertUser(db: Db, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row;
}

export async function recordLoginFailure(db: Db, userId: string, threshold: number, lockMinutes: number) {
  // One statement, so concurrent failures count correctly and the lock is set by whichever reaches the threshold.
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`CASE WHEN ${users.failedLogins} + 1 >= ${threshold} THEN now() + make_interval(mins => ${lockMinutes}) ELSE ${users.lockedUntil} END`,
    })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
  return row;
}

export async function recordLoginSuccess(db: Db, userId: string) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` }).where(eq(users.id, userId));
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionsOfUser(db: Db, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export interface GrantRow {
  id: string;
  role: string;
  scope_kind: 'place' | 'grid';
  scope_code: string;
  scope_name: string | null;
  grid_buildings: string[] | null;
}

/** A user's grants with the name of each scope node and, for grids, their buildings. */
export function listGrants(db: Db, userId: string) {
  return rows<GrantRow>(
    db,
    sql`SELECT g.id, g.role, g.scope_kind, g.scope_code,
          COALESCE(p.name, gr.name) AS scope_name,
          (SELECT array_agg(gb.building_code ORDER BY gb.building_code) FROM grid_buildings gb WHERE g.scope_kind = 'grid' AND gb.grid_code = g.scope_code) AS grid_buildings
        FROM role_grants g
        LEFT JOIN places p ON g.scope_kind = 'place' AND p.code = g.scope_code
        LEFT JOIN grids gr ON g.scope_kind = 'grid' AND gr.code = g.scope_code
        WHERE g.user_id = ${userId}
        ORDER BY g.granted_at, g.id`,
  );
}

export interface LiveSession {
  csrf_token: string;
  expires_at: Date | string;
  id: string;
  username: string;
  display_name: string;
  resident_id: string | null;
  disabled: boolean;
  grants: GrantRow[];
}

/** Live sessions by token hash, with their users and grants, in one query for many (null where none); in the order given. */
export async function findLiveSessionsWithGrants(db: Db, tokenHashes: string[]): Promise<Array<LiveSession | null>> {
  const found = await preparedRows<LiveSession & { n: number }>(
    db,
    'live_sessions',
    sql`SELECT w.n, s.csrf_token, s.expires_at, u.id, u.username, u.display_name, u.resident_id, u.disabled,
          COALESCE((
            SELECT json_agg(json_build_object(
                     'id', g.id, 'role', g.role, 'scope_kind', g.scope_kind, 'scope_code', g.scope_code,
                     'scope_name', COALESCE(p.name, gr.name),
                     'grid_buildings', (SELECT array_agg(gb.building_code ORDER BY gb.building_code) FROM grid_buildings gb WHERE g.scope_kind = 'grid' AND gb.grid_code = g.scope_code)
                   ) ORDER BY g.granted_at, g.id)
            FROM role_grants g
            LEFT JOIN places p ON g.scope_kind = 'place' AND p.code = g.scope_code
            LEFT JOIN grids gr ON g.scope_kind = 'grid' AND gr.code = g.scope_code
            WHERE g.user_id = u.id), '[]'::json) AS grants
        FROM unnest(${sql.param(tokenHashes)}::text[]) WITH ORDINALITY AS w(token_hash, n)
        JOIN sessions s ON s.token_hash = w.token_hash AND s.expires_at > now()
        JOIN users u ON u.id = s.user_id`,
  );
  const byN = new Map(found.map((r) => [Number(r.n), r]));
  return tokenHashes.map((_, i) => byN.get(i + 1) ?? null);
}

export async function insertGrant(db: Db, values: typeof roleGrants.$inferInsert) {
  const [row] = await db.insert(roleGrants).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export function findGrant(db: Db, id: string) {
  return db.query.roleGrants.findFirst({ where: eq(roleGrants.id, id) });
}

export async function deleteGrant(db: Db, id: string) {
  await db.delete(roleGrants).where(eq(roleGrants.id, id));
}

export function listAudit(db: Db, opts: { action?: string; limit: number }) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.displayName,
      action: auditLog.action,
      targetKind: auditLog.targetKind,
      targetId: auditLog.targetId,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(opts.action ? eq(auditLog.action, opts.action) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(opts.limit);
}

export async function findUsersWithRoleOn(db: Db, role: string, scopeCode: string): Promise<string[]> {
  const list = await db
    .select({ id: roleGrants.userId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, role), eq(roleGrants.scopeKind, 'place'), eq(roleGrants.scopeCode, scopeCode)));
  return list.map((r) => r.id);
}

/** The accounts linked to residents, by resident. */
export function findUsersOfResidents(db: Db, residentIds: string[]) {
  if (!residentIds.length) return Promise.resolve([] as Array<{ id: string; resident_id: string }>);
  return rows<{ id: string; resident_id: string }>(
    db,
    sql`SELECT id, resident_id FROM users WHERE resident_id IN (${sql.join(
      residentIds.map((r) => sql`${r}`),
      sql`, `,
    )})`,
  );
}
