/** Roles and place levels: the vocabulary of access. */
import { Type, type Static } from 'typebox';

export const ROLES = [
  'resident',
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
] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] });

export const PLACE_LEVELS = [
  'city',
  'county',
  'township',
  'community',
  'compound',
  'building',
  'unit',
  'household',
] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];
export const PlaceLevelSchema = Type.Unsafe<PlaceLevel>({ type: 'string', enum: [...PLACE_LEVELS] });

/** Length of a place code at each level: the 12-digit division code, then compound 3, building 3, unit 2, household 4. */
export const CODE_LENGTH: Record<PlaceLevel, number> = {
  city: 4,
  county: 6,
  township: 9,
  community: 12,
  compound: 15,
  building: 18,
  unit: 20,
  household: 24,
};

/** Grid codes are 15 digits: county 6 + township 3 + community 3 + sequence 3. */
export const GRID_CODE_LENGTH = 15;

export const GrantSchema = Type.Object(
  {
    id: Type.String(),
    role: RoleSchema,
    scopeKind: Type.Union([Type.Literal('place'), Type.Literal('grid')]),
    scopeCode: Type.String(),
    scopeName: Type.String(),
  },
  { additionalProperties: false },
);
export type Grant = Static<typeof GrantSchema>;
