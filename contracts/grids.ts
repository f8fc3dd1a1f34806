/** Grids (网格): sets of buildings of one community, with their grid workers. */
import { Type, type Static } from 'typebox';

export const GridDetail = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    communityCode: Type.String(),
    buildings: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), compoundName: Type.String() }, { additionalProperties: false })),
    workers: Type.Array(Type.Object({ userId: Type.String(), displayName: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type GridDetail = Static<typeof GridDetail>;

export const CommunityGrids = Type.Object(
  {
    communityCode: Type.String(),
    grids: Type.Array(GridDetail),
    /** Buildings of the community in no grid: each should be in exactly one. */
    unassigned: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), compoundName: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const CreateGridBody = Type.Object(
  { communityCode: Type.String({ pattern: '^[0-9]{12}$' }), name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export const RenameGridBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const GridBuildingsBody = Type.Object(
  { buildingCodes: Type.Array(Type.String({ pattern: '^[0-9]{18}$' }), { maxItems: 2000, uniqueItems: true }) },
  { additionalProperties: false },
);
export const GridWorkerBody = Type.Object({ userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const GridCode = Type.String({ pattern: '^[0-9]{15}$' });
