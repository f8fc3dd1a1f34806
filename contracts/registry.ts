/** Residents and households as the API shows them: personal numbers masked unless revealed. */
import { Type, type Static } from 'typebox';

export const ResidentSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    gender: Type.String(),
    birthDate: Type.Union([Type.String(), Type.Null()]),
    householdCode: Type.String(),
    relation: Type.String(),
    residenceStatus: Type.String(),
    politicalStatus: Type.String(),
    tags: Type.Array(Type.String()),
    idNumber: Type.Union([Type.String(), Type.Null()], { description: 'masked, e.g. 1406**********123X' }),
    mobile: Type.Union([Type.String(), Type.Null()], { description: 'masked, e.g. 138****5678' }),
    synthetic: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Resident = Static<typeof ResidentSchema>;

export const HouseholdSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    address: Type.String(),
    residents: Type.Array(ResidentSchema),
  },
  { additionalProperties: false },
);
export type Household = Static<typeof HouseholdSchema>;

export const RevealedSchema = Type.Object(
  {
    id: Type.String(),
    idNumber: Type.Union([Type.String(), Type.Null()]),
    mobile: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Revealed = Static<typeof RevealedSchema>;
