/** The place tree and grids, as the API shows them. */
import { Type, type Static } from 'typebox';
import { PlaceLevelSchema } from './roles.js';

export const PlaceSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    level: PlaceLevelSchema,
    kind: Type.Union([Type.String(), Type.Null()]),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    countyCode: Type.Union([Type.String(), Type.Null()]),
    lat: Type.Union([Type.Number(), Type.Null()]),
    lng: Type.Union([Type.Number(), Type.Null()]),
    childCount: Type.Integer(),
  },
  { additionalProperties: false },
);
export type Place = Static<typeof PlaceSchema>;

export const PlaceDetail = Type.Object(
  {
    place: PlaceSchema,
    ancestors: Type.Array(PlaceSchema, { description: 'from the top of what the viewer may see, down to the parent' }),
    children: Type.Array(PlaceSchema),
    childTotal: Type.Integer(),
    grid: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()], { description: 'for a building: its grid' }),
  },
  { additionalProperties: false },
);
export type PlaceDetail = Static<typeof PlaceDetail>;

export const GridSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    communityCode: Type.String(),
    buildings: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  },
  { additionalProperties: false },
);
export type Grid = Static<typeof GridSchema>;

export const ChildrenQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
