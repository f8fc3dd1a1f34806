/** Sign-in, the signed-in person, users and role grants. */
import { Type, type Static } from 'typebox';
import { GrantSchema, RoleSchema } from './roles.js';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    residentId: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type User = Static<typeof UserSchema>;

export const MeResponse = Type.Object(
  {
    user: UserSchema,
    grants: Type.Array(GrantSchema),
    csrfToken: Type.String({ description: 'send as X-CSRF-Token on POST/PUT/PATCH/DELETE' }),
  },
  { additionalProperties: false },
);
export type MeResponse = Static<typeof MeResponse>;

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9_.-]{3,64}$', description: 'letters, digits, _ . -' }),
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
    residentId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const GrantBody = Type.Object(
  {
    role: RoleSchema,
    scopeKind: Type.Union([Type.Literal('place'), Type.Literal('grid')], { default: 'place' }),
    scopeCode: Type.String({ pattern: '^[0-9]{4,24}$' }),
  },
  { additionalProperties: false },
);
export type GrantBody = Static<typeof GrantBody>;

export const UserWithGrants = Type.Object(
  { user: UserSchema, grants: Type.Array(GrantSchema) },
  { additionalProperties: false },
);

export const AuditEntrySchema = Type.Object(
  {
    id: Type.Number(),
    at: Type.String(),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorName: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    targetKind: Type.Union([Type.String(), Type.Null()]),
    targetId: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
