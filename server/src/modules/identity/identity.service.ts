/** Use cases of identity: sign in and out, resolve sessions, create users, grant and revoke roles. */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { FastifyRequest } from 'fastify';
import { AppError, errors } from '../../platform/errors.js';
import { ErrorCode } from '../../../../contracts/errors.js';
import type { Actor, ActorGrant } from '../../platform/access.js';
import type { Db } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import { recordAudit } from '../../platform/audit.js';
import { batchLoader } from '../../platform/batching.js';
import type { Bus } from '../../platform/bus.js';
import type { ResolvedSession } from '../../platform/auth.js';
import type { Grant, Role } from '../../../../contracts/roles.js';
import type { CreateUserBody, GrantBody, MeResponse, User } from '../../../../contracts/identity.js';
import * as repo from './identity.repository.js';
import { CITY_ONLY_ROLES, identityPolicy } from './identity.policy.js';
import { findGrid, findPlace } from '../places/places.service.js';

/** argon2id with OWASP's minimum (19 MiB, 2 passes). */
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };
// Verified against when the username is unknown, so the response time does not reveal which names exist.
let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string) {
  return argonHash(password, ARGON);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface LoginSettings {
  sessionTtlHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
}

/** Checks the password, applies the lockout, opens a session. Returns the cookie token and who signed in. */
export async function signIn(db: Db, settings: LoginSettings, input: { username: string; password: string }, req?: FastifyRequest) {
  const user = await repo.findUserByUsername(db, input.username.trim());
  if (!user || user.disabled) {
    await argonVerify(await (dummyHash ??= hashPassword('not-a-password')), input.password).catch(() => false);
    await recordAudit(db, { actorId: null, action: 'auth.login_failed', detail: { username: input.username.slice(0, 64) } }, req);
    throw badCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAudit(db, { actorId: user.id, action: 'auth.login_locked' }, req);
    throw locked(user.lockedUntil);
  }
  const ok = await argonVerify(user.passwordHash, input.password).catch(() => false);
  if (!ok) {
    const after = await repo.recordLoginFailure(db, user.id, settings.lockoutThreshold, settings.lockoutMinutes);
    await recordAudit(db, { actorId: user.id, action: 'auth.login_failed', detail: { failedLogins: after?.failedLogins } }, req);
    if (after?.lockedUntil && after.lockedUntil > new Date()) throw locked(after.lockedUntil);
    throw badCredentials();
  }
  await repo.recordLoginSuccess(db, user.id);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await repo.insertSession(db, {
    tokenHash: sha256(token),
    userId: user.id,
    csrfToken,
    ip: req?.ip ?? null,
    userAgent: req?.headers['user-agent']?.slice(0, 300) ?? null,
    expiresAt: new Date(Date.now() + settings.sessionTtlHours * 3600_000),
  });
  await recordAudit(db, { actorId: user.id, action: 'auth.login' }, req);
  const session = await resolveSession(db, token);
  return { token, me: presentMe(session!) };
}

function badCredentials() {
  return new AppError(ErrorCode.BAD_CREDENTIALS, 401, '用户名或密码错误 (wrong username or password)', [
    { field: 'password', message: 'wrong username or password' },
  ]);
}

function locked(until: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60000));
  return new AppError(ErrorCode.ACCOUNT_LOCKED, 423, `账户已临时锁定，请 ${minutes} 分钟后再试 (account locked for ${minutes} min)`, [
    { field: 'username', message: `locked for ${minutes} min` },
  ], { 'retry-after': String(minutes * 60) });
}

/** Ends a session. */
export async function signOut(db: Db, token: string, actor: Actor | null, req?: FastifyRequest) {
  await repo.deleteSession(db, sha256(token));
  forgetSessions();
  if (actor) await recordAudit(db, { actorId: actor.userId, action: 'auth.logout' }, req);
}

/** Sessions looked up together: the requests arriving while one look-up runs share the next query. */
const findLiveSession = batchLoader<string, repo.LiveSession | null>({ load: repo.findLiveSessionsWithGrants, maxBatch: 100 });

/** How long this process keeps a session it resolved, at most (a change to what it carries forgets it at once). */
export const SESSION_KEEP_MS = 10_000;
/** Sessions kept at most; the oldest go first. */
const SESSION_KEEP_MAX = 20_000;

/**
 * Sessions this process resolved, by token hash, until `until`: a request of a session seen in the
 * last seconds asks the database nothing. Forgotten all at once when what a session carries changes:
 * by this process's own sign-out and grant changes at once, and by anyone's (any process, any module,
 * a hand-made SQL change) when the database's triggers (migration 0020) tell the bus `auth.changed`
 * as the change commits; a session never outlives its own expiry.
 */
const kept = new Map<string, { found: repo.LiveSession; until: number }>();

/** Forgets every session this process keeps (their next requests read them again). */
export function forgetSessions(): void {
  kept.clear();
}

/** Forgets the kept sessions whenever the bus says something they carry changed. */
export function forgetSessionsOnChange(bus: Bus): () => void {
  return bus.subscribe((e) => {
    if (e.type === 'auth.changed') forgetSessions();
  });
}

/** Turns a cookie token into the actor with her grants, or null if expired or unknown. */
export async function resolveSession(db: Db, token: string): Promise<ResolvedSession | null> {
  if (token.length > 200) return null;
  const hash = sha256(token);
  const now = Date.now();
  const keeping = kept.get(hash);
  let found = keeping && keeping.until > now ? keeping.found : null;
  if (!found) {
    // One query (shared with concurrent requests): the session, its user and her grants.
    found = await findLiveSession(db, hash);
    if (!found) return null;
    if (kept.size >= SESSION_KEEP_MAX) kept.delete(kept.keys().next().value!);
    kept.set(hash, { found, until: Math.min(now + SESSION_KEEP_MS, new Date(found.expires_at).getTime()) });
  }
  if (found.disabled) return null;
  return {
    actor: { userId: found.id, username: found.username, displayName: found.display_name, residentId: found.resident_id, grants: found.grants.map(presentActorGrant) },
    csrfToken: found.csrf_token,
  };
}

/** A grant row as the actor carries it, with the place-code prefixes it reaches. */
function presentActorGrant(g: repo.GrantRow): ActorGrant {
  return {
    id: g.id,
    role: g.role as Role,
    scopeKind: g.scope_kind,
    scopeCode: g.scope_code,
    scopeName: g.scope_name ?? g.scope_code,
    reach: g.scope_kind === 'grid' ? (g.grid_buildings ?? []) : [g.scope_code],
  };
}

/** The actor for a user row: her grants, each with the place-code prefixes it reaches. */
export async function loadActor(db: Db, user: repo.UserRow): Promise<Actor> {
  const grants: ActorGrant[] = (await repo.listGrants(db, user.id)).map(presentActorGrant);
  return { userId: user.id, username: user.username, displayName: user.displayName, residentId: user.residentId, grants };
}

export function presentUser(u: { id: string; username: string; displayName: string; residentId: string | null }): User {
  return { id: u.id, username: u.username, displayName: u.displayName, residentId: u.residentId };
}

export function presentGrant(g: ActorGrant): Grant {
  return { id: g.id, role: g.role, scopeKind: g.scopeKind, scopeCode: g.scopeCode, scopeName: g.scopeName };
}

export function presentMe(s: ResolvedSession): MeResponse {
  const a = s.actor;
  return {
    user: presentUser({ id: a.userId, username: a.username, displayName: a.displayName, residentId: a.residentId }),
    grants: a.grants.map(presentGrant),
    csrfToken: s.csrfToken,
  };
}

/** Where a grant's scope sits in the place tree (a grid sits at its community). */
async function scopePlaceCode(db: Db, scopeKind: 'place' | 'grid', scopeCode: string): Promise<string> {
  if (scopeKind === 'grid') {
    const grid = await findGrid(db, scopeCode);
    if (!grid) throw errors.field('scopeCode', `grid ${scopeCode} does not exist`);
    return grid.communityCode;
  }
  const place = await findPlace(db, scopeCode);
  if (!place) throw errors.field('scopeCode', `place ${scopeCode} does not exist`);
  return place.code;
}

/** Creates a user account (staff create accounts for people in their area). */
export async function createUser(db: Db, actor: Actor, input: CreateUserBody, req?: FastifyRequest): Promise<User> {
  if (!identityPolicy.scopeOf(actor, 'user.create').length) throw errors.forbidden('user.create');
  try {
    const row = await repo.insertUser(db, {
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      residentId: input.residentId ?? null,
    });
    await recordAudit(db, { actorId: actor.userId, action: 'user.create', targetKind: 'user', targetId: row.id }, req);
    return presentUser(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict(`username ${input.username} is taken`, [{ field: 'username', message: 'taken' }]);
    throw e;
  }
}

/** Grants a role on a node; the granter must hold a managing role at or above it. */
export async function grantRole(db: Db, actor: Actor, userId: string, input: GrantBody, req?: FastifyRequest): Promise<Grant> {
  const user = await repo.findUserById(db, userId);
  if (!user) throw errors.notFound('user');
  const scopeKind = input.scopeKind ?? 'place';
  if (input.role === 'grid_worker' && scopeKind !== 'grid') throw errors.field('scopeKind', 'a grid worker is granted on a grid');
  if (input.role !== 'grid_worker' && scopeKind === 'grid') throw errors.field('scopeKind', 'only grid workers are granted on a grid');
  const at = await scopePlaceCode(db, scopeKind, input.scopeCode);
  identityPolicy.authorize(actor, 'role.grant', { placeCode: at });
  if ((CITY_ONLY_ROLES as readonly string[]).includes(input.role) && !actor.grants.some((g) => g.role === 'city_admin')) {
    throw errors.forbidden(`granting ${input.role}`);
  }
  const row = await repo.insertGrant(db, {
    userId,
    role: input.role,
    scopeKind,
    scopeCode: input.scopeCode,
    countyCode: at.length >= 6 ? at.slice(0, 6) : null,
    grantedBy: actor.userId,
  });
  if (!row) throw errors.conflict('this role is already granted on this node');
  forgetSessions();
  await recordAudit(db, { actorId: actor.userId, action: 'role.grant', targetKind: 'user', targetId: userId, detail: { role: input.role, scopeKind, scopeCode: input.scopeCode } }, req);
  const grants = await loadActor(db, user);
  return presentGrant(grants.grants.find((g) => g.id === row.id)!);
}

/** Revokes a grant, under the same rule as granting it. */
export async function revokeRole(db: Db, actor: Actor, userId: string, grantId: string, req?: FastifyRequest) {
  const grant = await repo.findGrant(db, grantId);
  if (!grant || grant.userId !== userId) throw errors.notFound('grant');
  const at = await scopePlaceCode(db, grant.scopeKind as 'place' | 'grid', grant.scopeCode);
  identityPolicy.authorize(actor, 'role.grant', { placeCode: at });
  await repo.deleteGrant(db, grantId);
  forgetSessions();
  await recordAudit(db, { actorId: actor.userId, action: 'role.revoke', targetKind: 'user', targetId: userId, detail: { role: grant.role, scopeCode: grant.scopeCode } }, req);
}

/** A user with her grants, for staff who may manage her. */
export async function getUser(db: Db, actor: Actor, userId: string) {
  const user = await repo.findUserById(db, userId);
  if (!user) throw errors.notFound('user');
  const a = await loadActor(db, user);
  const managed = a.grants.length === 0 ? !!identityPolicy.scopeOf(actor, 'user.create').length : a.grants.some((g) => identityPolicy.can(actor, 'role.grant', { placeCode: g.reach[0] ?? g.scopeCode }));
  if (!managed && actor.userId !== userId) throw errors.forbidden('user.read');
  return { user: presentUser(user), grants: a.grants.map(presentGrant) };
}

/** The audit log, newest first (city admin and supervisors). */
export async function readAudit(db: Db, actor: Actor, opts: { action?: string; limit?: number }) {
  if (!identityPolicy.scopeOf(actor, 'audit.read').some((code) => code.length <= 4)) throw errors.forbidden('audit.read');
  const list = await repo.listAudit(db, { action: opts.action, limit: opts.limit ?? 100 });
  return list.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** Creates an account with grants without an acting user (seeding, `linli create-user`). */
export async function createUserWithGrants(
  db: Db,
  input: { username: string; displayName: string; password: string; residentId?: string | null; grants: Array<{ role: Role; scopeKind?: 'place' | 'grid'; scopeCode: string }> },
) {
  const existing = await repo.findUserByUsername(db, input.username);
  if (existing) throw errors.conflict(`username ${input.username} is taken`, [{ field: 'username', message: 'taken' }]);
  const user = await repo.insertUser(db, {
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    residentId: input.residentId ?? null,
  });
  for (const g of input.grants) {
    const scopeKind = g.scopeKind ?? (g.role === 'grid_worker' ? 'grid' : 'place');
    const at = await scopePlaceCode(db, scopeKind, g.scopeCode);
    await repo.insertGrant(db, { userId: user.id, role: g.role, scopeKind, scopeCode: g.scopeCode, countyCode: at.length >= 6 ? at.slice(0, 6) : null });
  }
  await recordAudit(db, { actorId: null, action: 'user.create', targetKind: 'user', targetId: user.id, detail: { grants: input.grants } });
  return user;
}

/** Revokes the grant of a role on a node, if there is one. */
export async function revokeRoleOn(db: Db, actor: Actor, userId: string, on: { role: Role; scopeKind: 'place' | 'grid'; scopeCode: string }, req?: FastifyRequest) {
  const user = await repo.findUserById(db, userId);
  if (!user) return;
  const grant = (await repo.listGrants(db, userId)).find((g) => g.role === on.role && g.scope_kind === on.scopeKind && g.scope_code === on.scopeCode);
  if (grant) await revokeRole(db, actor, userId, grant.id, req);
}

/** A user's record for other modules (no access check: callers check). */
export function findUserRecord(db: Db, id: string) {
  return repo.findUserById(db, id);
}

/** The accounts holding a role granted exactly on a node (e.g. the staff of a community). */
export function usersWithRoleOn(db: Db, role: Role, scopeCode: string): Promise<string[]> {
  return repo.findUsersWithRoleOn(db, role, scopeCode);
}

/** resident id → account id, for the residents that have an account (reminders to their inbox). */
export async function usersOfResidents(db: Db, residentIds: string[]): Promise<Map<string, string>> {
  return new Map((await repo.findUsersOfResidents(db, residentIds)).map((u) => [u.resident_id, u.id]));
}
