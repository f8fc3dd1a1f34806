/** Use cases of the place tree: browse it within one's scope, look up places and grids. */
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { CODE_LENGTH, PLACE_LEVELS, type PlaceLevel } from '../../../../contracts/roles.js';
import type { Grid, Place, PlaceDetail } from '../../../../contracts/places.js';
import * as repo from './places.repository.js';
import { placesPolicy } from './places.policy.js';

export function presentPlace(r: repo.PlaceRow): Place {
  return {
    code: r.code,
    name: r.name,
    level: r.level as PlaceLevel,
    kind: r.kind,
    parentCode: r.parent_code,
    countyCode: r.county_code,
    lat: r.lat,
    lng: r.lng,
    childCount: r.child_count,
  };
}

/** The codes of every possible ancestor of a code, shortest first. */
export function ancestorCodes(code: string): string[] {
  return PLACE_LEVELS.map((l) => CODE_LENGTH[l])
    .filter((n) => n < code.length)
    .map((n) => code.slice(0, n));
}

/** A place row for other modules (no access check: callers check). */
export function findPlace(db: Db, code: string) {
  return repo.findPlace(db, code);
}

export function findGrid(db: Db, code: string) {
  return repo.findGrid(db, code);
}

/** The nodes where the viewer's view of the tree starts. */
export async function listRoots(db: Db, actor: Actor): Promise<Place[]> {
  const reach = placesPolicy.scopeOf(actor, 'place.read');
  // A node inside another of her nodes is not a root.
  const tops = reach.filter((c) => !reach.some((o) => o !== c && c.startsWith(o)));
  return (await repo.findPlacesByCodes(db, tops)).map(presentPlace);
}

/** A place with its visible ancestors and a page of children. */
export async function getPlaceDetail(db: Db, actor: Actor, code: string, page = 1, pageSize = 200): Promise<PlaceDetail> {
  const row = await repo.findPlace(db, code);
  if (!row) throw errors.notFound(`place ${code}`);
  placesPolicy.authorize(actor, 'place.read', { placeCode: code });
  const visible = ancestorCodes(code).filter((c) => placesPolicy.can(actor, 'place.read', { placeCode: c }));
  const [ancestors, children, childTotal, grid] = await Promise.all([
    repo.findAncestors(db, code, visible),
    repo.findChildren(db, code, pageSize, (page - 1) * pageSize),
    repo.countChildren(db, code),
    row.level === 'building' ? repo.findGridOfBuilding(db, code) : Promise.resolve(null),
  ]);
  return { place: presentPlace(row), ancestors: ancestors.map(presentPlace), children: children.map(presentPlace), childTotal, grid };
}

/** A grid and its buildings. */
export async function getGrid(db: Db, actor: Actor, code: string): Promise<Grid> {
  const grid = await repo.findGrid(db, code);
  if (!grid) throw errors.notFound(`grid ${code}`);
  const buildings = await repo.findGridBuildings(db, code);
  const mine = actor.grants.some((g) => g.scopeKind === 'grid' && g.scopeCode === code);
  if (!mine) placesPolicy.authorize(actor, 'grid.read', { placeCode: grid.communityCode });
  return { code: grid.code, name: grid.name, communityCode: grid.communityCode, buildings };
}

/** A human address of a place: its ancestors' names below the county, joined. */
export async function addressOf(db: Db, code: string): Promise<string> {
  const chain = await repo.findAncestors(db, code, ancestorCodes(code).filter((c) => c.length >= 6));
  const self = await repo.findPlace(db, code);
  return [...chain, ...(self ? [self] : [])].map((p) => p.name).join(' ');
}

export interface NewPlace {
  code: string;
  name: string;
  level: PlaceLevel;
  kind?: string | null;
  lat?: number | null;
  lng?: number | null;
  outline?: unknown;
}

/** Adds places in bulk (seeding, imports): parent and county follow from the code. With `history`, each gets its 'create' row. */
export async function addPlaces(db: Db, list: NewPlace[], history?: { actorId?: string | null; note: string }) {
  await repo.insertPlaces(
    db,
    list.map((p) => ({
      code: p.code,
      name: p.name,
      level: p.level,
      kind: p.kind ?? null,
      parentCode: p.level === 'city' ? null : parentCodeOf(p.code),
      countyCode: p.code.length >= 6 ? p.code.slice(0, 6) : null,
      lat: p.lat ?? null,
      lng: p.lng ?? null,
      outline: p.outline ?? null,
    })),
  );
  if (history) {
    await repo.insertHistoryRows(
      db,
      list.map((p) => ({ placeCode: p.code, countyCode: p.code.slice(0, 6), action: 'create', newCode: p.code, newName: p.name, actorId: history.actorId ?? null, note: history.note })),
    );
  }
}

/** The parent of a code: the longest shorter level length. */
export function parentCodeOf(code: string): string | null {
  const lengths = PLACE_LEVELS.map((l) => CODE_LENGTH[l]).filter((n) => n < code.length);
  return lengths.length ? code.slice(0, lengths[lengths.length - 1]) : null;
}

/** Adds a grid with its buildings. */
export async function addGrid(db: Db, grid: { code: string; name: string; communityCode: string }, buildingCodes: string[]) {
  await repo.insertGrid(db, { ...grid, countyCode: grid.code.slice(0, 6) }, buildingCodes);
}

export function countPlaces(db: Db) {
  return repo.countPlaces(db);
}
