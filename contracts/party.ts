/** Party organisations: the coverage plan, its adoption and hand edits, the coverage report, unit centre households. */
import { Type, type Static } from 'typebox';
import { Uuid } from './common.js';
import { PlaceLevelSchema } from './roles.js';

const PlanKind = Type.Union([Type.Literal('own'), Type.Literal('joint')], { description: 'own 独立 (3+ full members) or joint 联合' });

export const PlannedGroupSchema = Type.Object(
  {
    kind: PlanKind,
    buildings: Type.Array(Type.String(), { description: 'building codes' }),
    fullMembers: Type.Integer(),
  },
  { additionalProperties: false },
);

const branchFields = {
  kind: PlanKind,
  compounds: Type.Array(Type.String(), { description: 'compound codes' }),
  fullMembers: Type.Integer(),
  groups: Type.Array(PlannedGroupSchema),
};

/** The plan exactly as `linli coverage <code> --json` prints it. */
export const CoveragePlanSchema = Type.Object(
  {
    branches: Type.Array(Type.Object(branchFields, { additionalProperties: false })),
    uncovered: Type.Array(Type.String(), { description: 'compound codes no branch can take' }),
  },
  { additionalProperties: false },
);
export type CoveragePlan = Static<typeof CoveragePlanSchema>;

export const PlaceRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: PlaceLevelSchema }, { additionalProperties: false });
export type PlaceRef = Static<typeof PlaceRefSchema>;

export const PlanPlaceSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    level: Type.Union([Type.Literal('compound'), Type.Literal('building')]),
    fullMembers: Type.Integer({ description: 'full members whose membership is kept in the community' }),
  },
  { additionalProperties: false },
);

export const AdoptionState = Type.Union([Type.Literal('none'), Type.Literal('matches'), Type.Literal('differs')], {
  description: 'none: no branches yet; matches: the branches and groups are the plan; differs: they are not',
});

/** The plan as the web shows it: the CLI shape plus each branch's community, place names and adoption state per community. */
export const CoveragePlanView = Type.Object(
  {
    place: PlaceRefSchema,
    branches: Type.Array(Type.Object({ ...branchFields, community: Type.String() }, { additionalProperties: false })),
    uncovered: Type.Array(Type.String()),
    places: Type.Array(PlanPlaceSchema, { description: 'names and member counts of every compound and building the plan names' }),
    communities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), adoption: AdoptionState }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type CoveragePlanView = Static<typeof CoveragePlanView>;

export const AdoptBody = Type.Object(
  {
    replace: Type.Optional(Type.Boolean({ description: 'replace branches and groups that differ from the plan (hand edits are lost)' })),
  },
  { additionalProperties: false },
);
export type AdoptBody = Static<typeof AdoptBody>;

export const AdoptResult = Type.Object(
  {
    committeesCreated: Type.Integer({ description: '街道党工委 and 社区大党委 created because they were missing' }),
    communities: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          outcome: Type.Union([Type.Literal('created'), Type.Literal('unchanged'), Type.Literal('replaced')]),
          branches: Type.Integer(),
          groups: Type.Integer(),
          uncovered: Type.Array(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AdoptResult = Static<typeof AdoptResult>;

export const ORG_KINDS = ['working_committee', 'community_committee', 'branch', 'joint_branch', 'group', 'joint_group'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const PartyOrgSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.Unsafe<OrgKind>({ type: 'string', enum: [...ORG_KINDS] }),
    name: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    placeCode: Type.String({ description: 'township, community, first compound or first building' }),
    places: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }), {
      description: 'compounds of a branch, buildings of a group',
    }),
  },
  { additionalProperties: false },
);
export type PartyOrg = Static<typeof PartyOrgSchema>;

export const RenameOrgBody = Type.Object({ name: Type.String({ minLength: 2, maxLength: 60, pattern: '\\S' }) }, { additionalProperties: false });
export type RenameOrgBody = Static<typeof RenameOrgBody>;

export const MoveBody = Type.Object(
  {
    to: Type.Union([Uuid, Type.Literal('new'), Type.Literal('none')], {
      description: 'a branch (for a compound) or group (for a building) id; new: a new one of its own; none: out of any',
    }),
  },
  { additionalProperties: false },
);
export type MoveBody = Static<typeof MoveBody>;

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'covered / total, null when there is nothing to cover' });

export const CoverageCountsSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    compounds: Type.Integer(),
    compoundsWithBranch: Type.Integer(),
    compoundShare: Share,
    buildings: Type.Integer(),
    buildingsWithGroup: Type.Integer(),
    buildingShare: Share,
    units: Type.Integer(),
    unitsWithCentreHousehold: Type.Integer(),
    unitShare: Share,
    members: Type.Integer({ description: 'party members (full and probationary) whose membership is kept in the community' }),
    membersInNoOrg: Type.Integer({ description: 'of them, living in a compound no branch covers' }),
    membersWithoutGroup: Type.Integer({ description: 'of them, living in a building no group covers' }),
  },
  { additionalProperties: false },
);
export type CoverageCounts = Static<typeof CoverageCountsSchema>;

export const CoverageReportSchema = Type.Object(
  {
    place: PlaceRefSchema,
    total: CoverageCountsSchema,
    children: Type.Array(CoverageCountsSchema, { description: 'the same counts for each child place' }),
  },
  { additionalProperties: false },
);
export type CoverageReport = Static<typeof CoverageReportSchema>;

export const CentreCandidateSchema = Type.Object(
  {
    householdCode: Type.String(),
    householdName: Type.String(),
    headName: Type.Union([Type.String(), Type.Null()]),
    residents: Type.Integer(),
    partyMembers: Type.Integer(),
  },
  { additionalProperties: false },
);

export const CentreHouseholdSchema = Type.Object(
  {
    unitCode: Type.String(),
    householdCode: Type.String(),
    householdName: Type.String(),
    residentId: Type.Union([Type.String(), Type.Null()]),
    residentName: Type.Union([Type.String(), Type.Null()]),
    appointedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type CentreHousehold = Static<typeof CentreHouseholdSchema>;

export const UnitCentreSchema = Type.Object(
  {
    unitCode: Type.String(),
    unitName: Type.String(),
    buildingCode: Type.String(),
    buildingName: Type.String(),
    appointed: Type.Union([CentreHouseholdSchema, Type.Null()]),
    suggested: Type.Union([Type.String(), Type.Null()], { description: 'the first candidate: party-member households come first' }),
    candidates: Type.Array(CentreCandidateSchema, { description: 'at most 10, party-member households first' }),
  },
  { additionalProperties: false },
);
export type UnitCentre = Static<typeof UnitCentreSchema>;

export const AppointBody = Type.Object(
  {
    householdCode: Type.String({ pattern: '^[0-9]{24}$' }),
    residentId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type AppointBody = Static<typeof AppointBody>;
