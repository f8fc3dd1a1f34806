/** Use cases of grids: list a community's grids, create and rename them, assign buildings, appoint workers. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db.js';
import type { GridDetail } from '../../../../contracts/grids.js';
import { grantRole, revokeRoleOn } from '../identity/identity.service.js';
import * as repo from './grid.repository.js';
import { findGrid, findPlace } from './places.repository.js';
import { placesPolicy } from './places.policy.js';

async function communityOrFail(db: Db, code: string) {
  const place = await findPlace(db, code);
  if (!place || place.level !== 'community') throw errors.notFound(`community ${code}`);
  return place;
}

async function gridOrFail(db: Db, code: string) {
  const grid = await findGrid(db, code);
  if (!grid) throw errors.notFound(`grid ${code}`);
  return grid;
}

/** A community's grids with buildings and workers, and the buildings in no grid. */
export async function listCommunityGrids(db: Db, actor: Actor, communityCode: string) {
  await communityOrFail(db, communityCode);
  placesPolicy.authorize(actor, 'grid.read', { placeCode: communityCode });
  const [grids, buildings] = await Promise.all([repo.findGridsOfCommunity(db, communityCode), repo.findBuildingsOfCommunity(db, communityCode)]);
  const workers = await repo.findWorkers(
    db,
    grids.map((g) => g.code),
  );
  const detail: GridDetail[] = grids.map((g) => ({
    code: g.code,
    name: g.name,
    communityCode: g.communityCode,
    buildings: buildings.filter((b) => b.grid_code === g.code).map((b) => ({ code: b.code, name: b.name, compoundName: b.compound_name })),
    workers: workers.filter((w) => w.grid_code === g.code).map((w) => ({ userId: w.user_id, displayName: w.display_name })),
  }));
  const unassigned = buildings.filter((b) => !b.grid_code).map((b) => ({ code: b.code, name: b.name, compoundName: b.compound_name }));
  return { communityCode, grids: detail, unassigned };
}

/** Creates a grid with the community's next 3-digit sequence: 15 digits in all. */
export async function createGrid(db: Db, actor: Actor, input: { communityCode: string; name: string }, req?: FastifyRequest) {
  await communityOrFail(db, input.communityCode);
  placesPolicy.authorize(actor, 'grid.manage', { placeCode: input.communityCode });
  for (let attempt = 0; ; attempt++) {
    const max = await repo.maxGridCode(db, input.communityCode);
    const seq = (max ? Number(max.slice(12)) : 0) + 1;
    if (seq > 999) throw errors.conflict('this community has 999 grids already');
    const code = input.communityCode + String(seq).padStart(3, '0');
    try {
      await repo.insertGrid(db, { code, name: input.name, communityCode: input.communityCode, countyCode: code.slice(0, 6) });
      await recordAudit(db, { actorId: actor.userId, action: 'grid.create', targetKind: 'grid', targetId: code }, req);
      return gridDetail(db, actor, code);
    } catch (e) {
      // Two creators took the same sequence: take the next.
      if (!isUniqueViolation(e) || attempt > 5) throw e;
    }
  }
}

export async function gridDetail(db: Db, actor: Actor, code: string): Promise<GridDetail> {
  const grid = await gridOrFail(db, code);
  return (await listCommunityGrids(db, actor, grid.communityCode)).grids.find((g) => g.code === code)!;
}

export async function renameGrid(db: Db, actor: Actor, code: string, name: string) {
  const grid = await gridOrFail(db, code);
  placesPolicy.authorize(actor, 'grid.manage', { placeCode: grid.communityCode });
  await repo.renameGrid(db, code, name);
  return gridDetail(db, actor, code);
}

/** Sets a grid's buildings; they must be buildings of the grid's community. Each building stays in exactly one grid. */
export async function assignBuildings(db: Db, actor: Actor, code: string, buildingCodes: string[], req?: FastifyRequest) {
  const grid = await gridOrFail(db, code);
  placesPolicy.authorize(actor, 'grid.manage', { placeCode: grid.communityCode });
  const known = new Set((await repo.findBuildingsOfCommunity(db, grid.communityCode)).map((b) => b.code));
  const foreign = buildingCodes.findIndex((b) => !known.has(b));
  if (foreign >= 0) throw errors.field(`buildingCodes.${foreign}`, `${buildingCodes[foreign]} is not a building of community ${grid.communityCode}`);
  await db.transaction((tx) => repo.setGridBuildings(tx as Db, code, grid.countyCode, buildingCodes));
  await recordAudit(db, { actorId: actor.userId, action: 'grid.buildings', targetKind: 'grid', targetId: code, detail: { count: buildingCodes.length } }, req);
  return gridDetail(db, actor, code);
}

/** Appoints a grid worker: the worker list and the role grant that gives her the grid's buildings. */
export async function appointWorker(db: Db, actor: Actor, code: string, userId: string, req?: FastifyRequest) {
  const grid = await gridOrFail(db, code);
  placesPolicy.authorize(actor, 'grid.manage', { placeCode: grid.communityCode });
  await grantRole(db, actor, userId, { role: 'grid_worker', scopeKind: 'grid', scopeCode: code }, req).catch((e) => {
    if ((e as { status?: number }).status !== 409) throw e;
  });
  await repo.insertWorker(db, code, userId, grid.countyCode);
  return gridDetail(db, actor, code);
}

export async function removeWorker(db: Db, actor: Actor, code: string, userId: string, req?: FastifyRequest) {
  const grid = await gridOrFail(db, code);
  placesPolicy.authorize(actor, 'grid.manage', { placeCode: grid.communityCode });
  const removed = await repo.deleteWorker(db, code, userId);
  await revokeRoleOn(db, actor, userId, { role: 'grid_worker', scopeKind: 'grid', scopeCode: code }, req);
  if (!removed) throw errors.notFound('grid worker');
  return gridDetail(db, actor, code);
}

/** Records a grid worker without a check (seeding). */
export async function addGridWorker(db: Db, code: string, userId: string) {
  const grid = await gridOrFail(db, code);
  await repo.insertWorker(db, code, userId, grid.countyCode);
}
