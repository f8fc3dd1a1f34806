/** Access: who is acting, and whether a role of hers reaches a place ("at or under my node"). */
import type { Role } from '../../../contracts/roles.js';
import { errors } from './errors.js';

export interface ActorGrant {
  id: string;
  role: Role;
  scopeKind: 'place' | 'grid';
  scopeCode: string;
  scopeName: string;
  /** Place-code prefixes this grant reaches: the place itself, or every building of the grid. */
  reach: string[];
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  residentId: string | null;
  grants: ActorGrant[];
}

/** A thing that lives somewhere in the place tree. */
export interface PlacedResource {
  placeCode: string;
}

/** Which roles may do each action of a module. */
export type Rules<A extends string> = Record<A, readonly Role[]>;

/** True if one of the actor's grants with one of `roles` reaches `placeCode`. */
export function reaches(actor: Actor, roles: readonly Role[], placeCode: string): boolean {
  return actor.grants.some((g) => roles.includes(g.role) && g.reach.some((prefix) => placeCode.startsWith(prefix)));
}

/** Builds a module's `can(actor, action, resource)` from its rules. */
export function makePolicy<A extends string>(rules: Rules<A>) {
  const can = (actor: Actor | null, action: A, resource: PlacedResource): boolean =>
    !!actor && reaches(actor, rules[action], resource.placeCode);
  /** Throws 403 unless `can`. */
  const authorize = (actor: Actor | null, action: A, resource: PlacedResource): void => {
    if (!actor) throw errors.unauthenticated();
    if (!can(actor, action, resource)) throw errors.forbidden(action);
  };
  /** The place-code prefixes where the actor may do `action` (to filter lists in SQL). */
  const scopeOf = (actor: Actor, action: A): string[] => {
    const out = new Set<string>();
    for (const g of actor.grants) if (rules[action].includes(g.role)) g.reach.forEach((r) => out.add(r));
    return [...out];
  };
  return { rules, can, authorize, scopeOf };
}

/** Every role that staff the organisation tree: used by rules that mean "any official in scope". */
export const STAFF_ROLES = [
  'unit_head',
  'building_head',
  'grid_worker',
  'branch_secretary',
  'community_staff',
  'township_staff',
  'county_staff',
  'city_admin',
  'property_staff',
  'supervisor',
] as const satisfies readonly Role[];
