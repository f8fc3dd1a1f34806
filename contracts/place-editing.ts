/** Creating, renaming and moving places, and their history. */
import { Type, type Static } from 'typebox';
import { PlaceLevelSchema } from './roles.js';

const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });

/** A GeoJSON polygon ring list, WGS-84 [lng, lat]. */
export const OutlineSchema = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(Type.Array(Type.Tuple([Lng, Lat]), { minItems: 4, maxItems: 2000 }), { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const CreatePlaceBody = Type.Object(
  {
    parentCode: Type.String({ pattern: '^[0-9]{4,20}$' }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    /** Required for townships and communities (their statistical codes); generated below. */
    code: Type.Optional(Type.String({ pattern: '^[0-9]{9}$|^[0-9]{12}$' })),
    kind: Type.Optional(Type.Union([Type.Literal('社区'), Type.Literal('村')])),
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    outline: Type.Optional(OutlineSchema),
  },
  { additionalProperties: false },
);
export type CreatePlaceBody = Static<typeof CreatePlaceBody>;

export const UpdatePlaceBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    lat: Type.Optional(Type.Union([Lat, Type.Null()])),
    lng: Type.Optional(Type.Union([Lng, Type.Null()])),
    outline: Type.Optional(Type.Union([OutlineSchema, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdatePlaceBody = Static<typeof UpdatePlaceBody>;

export const MovePlaceBody = Type.Object(
  { newParentCode: Type.String({ pattern: '^[0-9]{4,20}$' }), note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type MovePlaceBody = Static<typeof MovePlaceBody>;

export const PlaceHistoryEntry = Type.Object(
  {
    id: Type.Number(),
    action: Type.String(),
    placeCode: Type.String(),
    oldCode: Type.Union([Type.String(), Type.Null()]),
    newCode: Type.Union([Type.String(), Type.Null()]),
    oldName: Type.Union([Type.String(), Type.Null()]),
    newName: Type.Union([Type.String(), Type.Null()]),
    actorName: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    at: Type.String(),
  },
  { additionalProperties: false },
);

export const MovedPlace = Type.Object(
  { oldCode: Type.String(), newCode: Type.String(), level: PlaceLevelSchema, movedRows: Type.Integer({ description: 'places re-coded, the node and its subtree' }) },
  { additionalProperties: false },
);
