/**
 * Where a ticket belongs and who takes it.
 *
 * Place: the reporter's household (or the place staff name); for a map pin, the compound whose
 * outline contains it, else the nearest compound within 300 m, else — communities have no outlines —
 * the community of the nearest compound within 2 km (a community-level ticket, no compound), else
 * the township of the reporter's own scope (属地兜底).
 *
 * Dispatch: the tier team of the ticket's place for the wanted tier (unit team of its unit, building
 * team of its building, compound team of its compound); a tier without a team, or a level the place
 * does not have (a pin on a compound has no unit), is skipped upwards, never stuck. Community and
 * township tiers have no team (their staff act); the department tier is the category's department.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import gcoord from 'gcoord';
import type { Polygon, MultiPolygon } from 'geojson';
import type { Db } from '../../platform/db.js';
import { errors } from '../../platform/errors.js';
import { batchLoader } from '../../platform/batching.js';
import { ancestorCodes } from '../places/places.service.js';
import { TIERS, type Pin, type TicketCategory, type TicketTier, type Urgency } from '../../../../contracts/tickets.js';
import { addClockHours, type WorkCalendar } from './ticket-clock.js';
import * as repo from './tickets.repository.js';
import type { TeamSlot, TeamsAt } from './tickets.repository.js';

/** A pin outside every outline but this close to a compound's centre belongs to that compound. */
export const NEAREST_COMPOUND_METRES = 300;
/** A pin this close to a compound belongs to that compound's community (there are no community outlines). */
export const NEAR_COMMUNITY_METRES = 2000;
/** A tier's share when its category names none (a dispatcher sent it below the category's first tier). */
export const DEFAULT_TIER_SHARE = 0.15;

export interface TicketLocation {
  /** household, unit, building, compound, community or township code */
  placeCode: string;
  compoundCode: string | null;
  communityCode: string | null;
  townshipCode: string;
  countyCode: string;
  gridCode: string | null;
  /** WGS-84 */
  lat: number | null;
  lng: number | null;
  how: 'place' | 'outline' | 'nearest' | 'community' | 'township';
}

const LEVEL_OK = new Set(['township', 'community', 'compound', 'building', 'unit', 'household']);

/** The codes above a place, by their lengths (township 9, community 12, compound 15). */
function codesOf(code: string) {
  return {
    compoundCode: code.length >= 15 ? code.slice(0, 15) : null,
    communityCode: code.length >= 12 ? code.slice(0, 12) : null,
    townshipCode: code.slice(0, 9),
    countyCode: code.slice(0, 6),
  };
}

/** The grid of a place: its building's grid; for a compound, the grid of its building nearest the pin (or its first). */
async function gridOf(db: Db, code: string, pin?: { lat: number; lng: number }): Promise<string | null> {
  if (code.length >= 18) return repo.findGridOfBuilding(db, code.slice(0, 18));
  if (code.length !== 15) return null;
  const buildings = await repo.findCompoundBuildingGrids(db, code);
  if (!buildings.length) return null;
  if (pin) {
    const placed = buildings.filter((b) => b.lat !== null && b.lng !== null);
    if (placed.length) {
      const d = (b: (typeof placed)[number]) => distance([pin.lng, pin.lat], [b.lng!, b.lat!], { units: 'meters' });
      return placed.reduce((best, b) => (d(b) < d(best) ? b : best)).grid_code;
    }
  }
  return buildings[0].grid_code;
}

/** Places looked up together: the creates arriving while one look-up runs share the next query. */
const findTicketPlace = batchLoader<repo.TicketPlaceAsk, repo.TicketPlace | null>({ load: repo.findTicketPlaces, maxBatch: 100 });

/** A named place (household, unit, building, compound, community or township): 400 if it is not one. */
export async function locatePlace(db: Db, code: string, field = 'placeCode'): Promise<TicketLocation> {
  return (await locatePlaceWithAddress(db, code, field)).location;
}

/** What locatePlaceWithAddress gives: the location, its address, and what else was asked in the same query. */
export interface PlaceLookup {
  location: TicketLocation;
  address: string;
  /** The tier teams at the slots asked for (when asked). */
  teams?: TeamsAt;
  resident?: { name: string; mobileEnc: string | null; mobileMasked: string | null } | null;
}

/**
 * locatePlace, and the place's address (its names from the county down, as addressOf gives it); in
 * the same query, when asked, the tier teams routing from `from` would ask for (and whether `person`
 * is on each) and a resident's name and phone.
 */
export async function locatePlaceWithAddress(
  db: Db,
  code: string,
  field = 'placeCode',
  ask: { from?: TicketTier | null; person?: { userId: string; residentId: string | null }; residentId?: string | null } = {},
): Promise<PlaceLookup> {
  const codes = codesOf(code);
  const slots = ask.from ? teamSlotsFrom({ placeCode: code, compoundCode: codes.compoundCode, communityCode: codes.communityCode }, ask.from) : undefined;
  const place = await findTicketPlace(db, { code, chain: [...ancestorCodes(code).filter((c) => c.length >= 6), code], slots, person: ask.person, residentId: ask.residentId });
  if (!place) throw errors.field(field, `no place ${code}`);
  if (!LEVEL_OK.has(place.level)) throw errors.field(field, `a ticket belongs to a township or below, not a ${place.level}`);
  const gridCode = code.length >= 18 ? place.grid_code : await gridOf(db, code);
  return {
    location: { placeCode: code, ...codes, gridCode, lat: place.lat, lng: place.lng, how: 'place' },
    address: place.address ?? '',
    teams: slots ? new Map((place.teams ?? []).map((t) => [teamKey(t.kind, t.place_code), { id: t.id, name: t.name, member: t.member }])) : undefined,
    resident: ask.residentId ? place.resident : undefined,
  };
}

/** A pin in WGS-84 (converted from GCJ-02 or BD-09 when so marked). */
export function toWgs84(pin: Pin): { lat: number; lng: number } {
  if (!pin.crs || pin.crs === 'wgs84') return { lat: pin.lat, lng: pin.lng };
  const [lng, lat] = gcoord.transform([pin.lng, pin.lat], pin.crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as [number, number];
  return { lat, lng };
}

function isPolygon(g: unknown): g is Polygon | MultiPolygon {
  const t = (g as { type?: string } | null)?.type;
  return (t === 'Polygon' || t === 'MultiPolygon') && Array.isArray((g as { coordinates?: unknown }).coordinates);
}

/**
 * Where a pin belongs (see the file comment). `fallbackTownship` is the township of the reporter's
 * scope; without one, a pin near nothing is a 400 asking for a place.
 */
export async function locatePin(db: Db, pin: Pin, fallbackTownship: string | null): Promise<TicketLocation> {
  const p = toWgs84(pin);
  const dLat = NEAR_COMMUNITY_METRES / 111_320;
  const dLng = NEAR_COMMUNITY_METRES / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  const near = (await repo.findCompoundsInBox(db, { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng }))
    .map((c) => ({ ...c, metres: distance([p.lng, p.lat], [c.lng, c.lat], { units: 'meters' }) }))
    .sort((a, b) => a.metres - b.metres || a.code.localeCompare(b.code));
  const at = async (code: string, how: TicketLocation['how']): Promise<TicketLocation> => ({
    placeCode: code,
    ...codesOf(code),
    gridCode: how === 'community' ? null : await gridOf(db, code, p),
    lat: p.lat,
    lng: p.lng,
    how,
  });
  const inside = near.find((c) => isPolygon(c.outline) && booleanPointInPolygon([p.lng, p.lat], c.outline));
  if (inside) return at(inside.code, 'outline');
  if (near[0] && near[0].metres <= NEAREST_COMPOUND_METRES) return at(near[0].code, 'nearest');
  if (near[0] && near[0].metres <= NEAR_COMMUNITY_METRES) return at(near[0].code.slice(0, 12), 'community');
  if (!fallbackTownship) throw errors.field('pin', 'this pin is not near any compound we know: give the place (placeCode) instead');
  return at(fallbackTownship, 'township');
}

/** The tier a ticket waits at before it is dispatched, and after it is returned: its dispatcher's. */
export function dispatcherTier(loc: { communityCode: string | null }): TicketTier {
  return loc.communityCode ? 'community' : 'township';
}

export interface RouteTarget {
  tier: TicketTier;
  teamId: string | null;
  department: string | null;
}

type RoutedPlace = { placeCode: string; compoundCode: string | null; communityCode: string | null };
type TeamTier = 'unit_team' | 'building_team' | 'compound_team';

/** The place whose tier team would take the ticket at a tier: a code, null (the place has no such level), undefined (the tier has no team). */
function teamPlaceAt(loc: RoutedPlace, tier: TicketTier): string | null | undefined {
  if (tier === 'unit_team') return loc.placeCode.length >= 20 ? loc.placeCode.slice(0, 20) : null;
  if (tier === 'building_team') return loc.placeCode.length >= 18 ? loc.placeCode.slice(0, 18) : null;
  if (tier === 'compound_team') return loc.compoundCode;
  return undefined;
}

/** The tier teams routing from `start` upwards may ask for (at most three). */
export function teamSlotsFrom(loc: RoutedPlace, start: TicketTier): TeamSlot[] {
  const slots: TeamSlot[] = [];
  for (const tier of TIERS.slice(TIERS.indexOf(start))) {
    const placeCode = teamPlaceAt(loc, tier);
    if (placeCode) slots.push({ kind: tier as TeamTier, placeCode });
  }
  return slots;
}

/** A tier team's key in a TeamsAt map. */
export const teamKey = (kind: string, placeCode: string) => `${kind}:${placeCode}`;

/** The first tier from `start` upwards that can take the ticket, given the tier teams that exist (see the file comment). Pure. */
export function routeWithTeams(loc: RoutedPlace, start: TicketTier, department: string, teams: TeamsAt): RouteTarget {
  for (const tier of TIERS.slice(TIERS.indexOf(start))) {
    const teamPlace = teamPlaceAt(loc, tier);
    if (teamPlace === null) continue;
    if (teamPlace !== undefined) {
      const team = teams.get(teamKey(tier, teamPlace));
      if (team) return { tier, teamId: team.id, department: null };
      continue;
    }
    if (tier === 'community' && !loc.communityCode) continue;
    return { tier, teamId: null, department: tier === 'department' ? department : null };
  }
  // Unreachable: the department tier always takes it.
  return { tier: 'department', teamId: null, department };
}

/** The tier teams at these slots, in one query (and whether `person` is on each). */
export async function findTeamsAt(db: Db, slots: TeamSlot[], person?: { userId: string; residentId: string | null }): Promise<TeamsAt> {
  const found = await repo.findTierTeams(db, slots, person);
  return new Map(found.map((t) => [teamKey(t.kind, t.place_code), { id: t.id, name: t.name, member: t.member }]));
}

/** The first tier from `start` upwards that can take the ticket (see the file comment). */
export async function routeFrom(db: Db, loc: RoutedPlace, start: TicketTier, department: string): Promise<RouteTarget> {
  return routeWithTeams(loc, start, department, await findTeamsAt(db, teamSlotsFrom(loc, start)));
}

/** The overall deadline: hours by urgency on the category's clock. */
export function overallDeadline(from: Date, category: TicketCategory, urgency: Urgency, calendar: WorkCalendar): Date {
  return addClockHours(from, category.deadlineHours[urgency], category.clock, calendar);
}

/** The tier's deadline: its share of the hours, on the category's clock; none at the department (nothing above to escalate to). */
export function tierDeadline(from: Date, category: TicketCategory, urgency: Urgency, tier: TicketTier, calendar: WorkCalendar): Date | null {
  if (tier === 'department') return null;
  const share = category.tierShares[tier] ?? DEFAULT_TIER_SHARE;
  return addClockHours(from, category.deadlineHours[urgency] * share, category.clock, calendar);
}
