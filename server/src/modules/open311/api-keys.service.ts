/** API keys of the Open311 interface: issued and revoked by the city admin (web and `linli api-key`); only a hash is stored. */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { ApiKey } from '../../../../contracts/open311.js';
import { open311Policy } from './open311.policy.js';
import * as repo from './open311.repository.js';

export const KEY_PREFIX = 'linli_';
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,59}$/u;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

function present(r: repo.ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    keyPrefix: r.keyPrefix,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

/** Issues a key under a name no live key has; the key is returned once and never again. */
export async function issueApiKey(db: Db, name: string, by: { userId: string | null }): Promise<{ apiKey: ApiKey; key: string }> {
  const clean = name.trim();
  if (!NAME.test(clean)) throw errors.field('name', '1 to 60 letters, digits, spaces, dots, dashes or underscores');
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  try {
    const row = await repo.insertApiKey(db, { name: clean, keyHash: hashKey(key), keyPrefix: key.slice(0, KEY_PREFIX.length + 4), createdBy: by.userId });
    return { apiKey: present(row), key };
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict(`a live key named ${clean} exists; revoke it first`, [{ field: 'name', message: 'taken' }]);
    throw e;
  }
}

/** Revokes the live key of that name: 404 when there is none. */
export async function revokeApiKeyNamed(db: Db, name: string): Promise<ApiKey> {
  const row = await repo.revokeApiKey(db, name.trim());
  if (!row) throw errors.notFound(`live API key ${name}`);
  return present(row);
}

export async function listKeys(db: Db, actor: Actor): Promise<ApiKey[]> {
  await authorizeManage(db, actor);
  return (await repo.listApiKeys(db)).map(present);
}

/** Keys belong to the whole city: only staff whose grant reaches the city's own code manage them. */
async function authorizeManage(db: Db, actor: Actor) {
  open311Policy.authorize(actor, 'apikey.manage', { placeCode: (await repo.findCityCode(db)) ?? '' });
}

export async function createKey(db: Db, actor: Actor, name: string, req?: FastifyRequest) {
  await authorizeManage(db, actor);
  const issued = await issueApiKey(db, name, { userId: actor.userId });
  await recordAudit(db, { actorId: actor.userId, action: 'apikey.create', targetKind: 'api_key', targetId: issued.apiKey.id, detail: { name: issued.apiKey.name } }, req);
  return issued;
}

export async function revokeKey(db: Db, actor: Actor, name: string, req?: FastifyRequest) {
  await authorizeManage(db, actor);
  const key = await revokeApiKeyNamed(db, name);
  await recordAudit(db, { actorId: actor.userId, action: 'apikey.revoke', targetKind: 'api_key', targetId: key.id, detail: { name: key.name } }, req);
  return key;
}

/** The live key a client presented, or undefined. */
export async function resolveApiKey(db: Db, key: string | undefined): Promise<repo.ApiKeyRow | undefined> {
  if (!key || !key.startsWith(KEY_PREFIX) || key.length > 100) return undefined;
  const row = await repo.findLiveKeyByHash(db, hashKey(key));
  if (row) await repo.touchApiKey(db, row.id);
  return row;
}
