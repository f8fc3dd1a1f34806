/** Small schemas used across modules. */
import { Type } from 'typebox';

export const PlaceCode = Type.String({ pattern: '^[0-9]{4,24}$', description: 'place code (digits)' });
export const Uuid = Type.String({ format: 'uuid' });
export const Ok = Type.Object({ ok: Type.Literal(true) }, { additionalProperties: false });
export const Paging = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
