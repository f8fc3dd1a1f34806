/** Use cases that change the place tree: create, update (rename, locate), move; each leaves a history row. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { CODE_LENGTH, PLACE_LEVELS, type PlaceLevel } from '../../../../contracts/roles.js';
import type { CreatePlaceBody, MovePlaceBody, UpdatePlaceBody } from '../../../../contracts/place-editing.js';
import type { Place } from '../../../../contracts/places.js';
import * as repo from './place-editing.repository.js';
import { findPlace } from './places.repository.js';
import { placesPolicy } from './places.policy.js';
import { presentPlace } from './places.service.js';

/** The level below a level. */
export function childLevel(level: PlaceLevel): PlaceLevel | null {
  return PLACE_LEVELS[PLACE_LEVELS.indexOf(level) + 1] ?? null;
}

/** Levels that staff move between parents; townships and communities are statistical divisions and stay. */
const MOVABLE: PlaceLevel[] = ['compound', 'building', 'unit', 'household'];

/** The next free code under a parent (max + 1, zero-padded to the child level's segment). */
export async function nextChildCode(db: Db, parentCode: string, level: PlaceLevel): Promise<string> {
  const width = CODE_LENGTH[level] - parentCode.length;
  const max = await repo.maxChildCode(db, parentCode);
  const next = (max ? Number(max.slice(parentCode.length)) : 0) + 1;
  if (String(next).length > width) throw errors.conflict(`no free code left under ${parentCode}`);
  return parentCode + String(next).padStart(width, '0');
}

/** Creates a child place under a parent in the actor's scope. */
export async function createPlace(db: Db, actor: Actor, input: CreatePlaceBody, req?: FastifyRequest): Promise<Place> {
  const parent = await findPlace(db, input.parentCode);
  if (!parent) throw errors.field('parentCode', `place ${input.parentCode} does not exist`);
  const level = childLevel(parent.level as PlaceLevel);
  if (!level) throw errors.field('parentCode', 'a household has no children');
  const division = level === 'township' || level === 'community' || level === 'county';
  placesPolicy.authorize(actor, division ? 'place.manageDivision' : 'place.manage', { placeCode: parent.code });
  let code: string;
  if (division) {
    if (!input.code) throw errors.field('code', `a ${level} needs its statistical division code`);
    if (input.code.length !== CODE_LENGTH[level] || !input.code.startsWith(parent.code)) {
      throw errors.field('code', `a ${level} code has ${CODE_LENGTH[level]} digits and starts with ${parent.code}`);
    }
    code = input.code;
  } else {
    if (input.code) throw errors.field('code', `codes of a ${level} are allocated, not given`);
    code = await nextChildCode(db, parent.code, level);
  }
  if ((input.lat === undefined) !== (input.lng === undefined)) throw errors.field(input.lat === undefined ? 'lat' : 'lng', 'give lat and lng together');
  await db.transaction(async (tx) => {
    if (await findPlace(tx as Db, code)) throw errors.conflict(`place ${code} exists`, [{ field: 'code', message: 'exists' }]);
    await repo.insertPlace(tx as Db, {
      code,
      parentCode: parent.code,
      level,
      name: input.name,
      kind: level === 'community' ? (input.kind ?? '社区') : null,
      countyCode: code.slice(0, 6),
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      outline: input.outline ?? null,
    });
    await repo.insertHistory(tx as Db, { placeCode: code, countyCode: code.slice(0, 6), action: 'create', newCode: code, newName: input.name, actorId: actor.userId });
  });
  await recordAudit(db, { actorId: actor.userId, action: 'place.create', targetKind: 'place', targetId: code }, req);
  return presentPlace((await findPlace(db, code))!);
}

/** Renames or relocates a place. */
export async function updatePlace(db: Db, actor: Actor, code: string, input: UpdatePlaceBody, req?: FastifyRequest): Promise<Place> {
  const place = await findPlace(db, code);
  if (!place) throw errors.notFound(`place ${code}`);
  const level = place.level as PlaceLevel;
  const division = level === 'city' || level === 'county' || level === 'township' || level === 'community';
  placesPolicy.authorize(actor, division ? 'place.manageDivision' : 'place.manage', { placeCode: code });
  if (!Object.keys(input).length) throw errors.validation('nothing to change', [{ field: 'body', message: 'give name, lat/lng or outline' }]);
  await db.transaction(async (tx) => {
    await repo.lockPlace(tx as Db, code);
    await repo.updatePlace(tx as Db, code, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.lat !== undefined ? { lat: input.lat } : {}),
      ...(input.lng !== undefined ? { lng: input.lng } : {}),
      ...(input.outline !== undefined ? { outline: input.outline } : {}),
    });
    if (input.name !== undefined && input.name !== place.name) {
      await repo.insertHistory(tx as Db, { placeCode: code, countyCode: place.county_code, action: 'rename', oldName: place.name, newName: input.name, actorId: actor.userId });
    }
    if (input.lat !== undefined || input.lng !== undefined || input.outline !== undefined) {
      await repo.insertHistory(tx as Db, { placeCode: code, countyCode: place.county_code, action: 'relocate', actorId: actor.userId });
    }
  });
  await recordAudit(db, { actorId: actor.userId, action: 'place.update', targetKind: 'place', targetId: code, detail: { fields: Object.keys(input) } }, req);
  return presentPlace((await findPlace(db, code))!);
}

/**
 * Moves a compound, building, unit or household under another parent of the right level. Its code
 * changes (codes extend their parent's), so the subtree is re-coded in every table that stores place
 * codes, in one transaction. A building leaving its community leaves its grid too.
 */
export async function movePlace(db: Db, actor: Actor, code: string, input: MovePlaceBody, req?: FastifyRequest) {
  const place = await findPlace(db, code);
  if (!place) throw errors.notFound(`place ${code}`);
  placesPolicy.authorize(actor, 'place.manage', { placeCode: code });
  const level = place.level as PlaceLevel;
  if (!MOVABLE.includes(level)) throw errors.field('params.code', `a ${level} is a statistical division and is not moved`);
  const target = await findPlace(db, input.newParentCode);
  if (!target) throw errors.field('newParentCode', `place ${input.newParentCode} does not exist`);
  if (childLevel(target.level as PlaceLevel) !== level) throw errors.field('newParentCode', `a ${level} goes under a ${PLACE_LEVELS[PLACE_LEVELS.indexOf(level) - 1]}, not a ${target.level}`);
  if (target.code === place.parent_code) throw errors.field('newParentCode', 'the place is already there');
  placesPolicy.authorize(actor, 'place.manage', { placeCode: target.code });
  const result = await db.transaction(async (tx) => {
    const t = tx as Db;
    if (!(await repo.lockPlace(t, code))) throw errors.notFound(`place ${code}`);
    await repo.lockPlace(t, target.code);
    const newCode = await nextChildCode(t, target.code, level);
    const movedRows = await repo.recode(t, code, newCode);
    await repo.updatePlace(t, newCode, { parentCode: target.code });
    if (level === 'compound' || level === 'building') await repo.dropGridsOutside(t, newCode, newCode.slice(0, 12));
    await repo.insertHistory(t, { placeCode: newCode, countyCode: newCode.slice(0, 6), action: 'move', oldCode: code, newCode, actorId: actor.userId, note: input.note ?? null });
    return { oldCode: code, newCode, level, movedRows };
  });
  await recordAudit(db, { actorId: actor.userId, action: 'place.move', targetKind: 'place', targetId: result.newCode, detail: { from: code } }, req);
  return result;
}

/** The history of a place, newest first (it follows the place through moves). */
export async function getPlaceHistory(db: Db, actor: Actor, code: string) {
  if (!(await findPlace(db, code))) throw errors.notFound(`place ${code}`);
  placesPolicy.authorize(actor, 'place.read', { placeCode: code });
  return (await repo.listHistory(db, code)).map((h) => ({ ...h, at: h.at.toISOString() }));
}
