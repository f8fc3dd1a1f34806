/** 在职党员服务: service posts, annual targets and progress of working party members who checked in where they live. */
import { Type, type Static } from 'typebox';

export const PostSchema = Type.Object(
  {
    id: Type.String(),
    communityCode: Type.String(),
    name: Type.String(),
    description: Type.String(),
    capacity: Type.Union([Type.Integer(), Type.Null()]),
    taken: Type.Integer(),
    active: Type.Boolean(),
    chosenByMe: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ServicePost = Static<typeof PostSchema>;
export const CreatePostBody = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    name: Type.String({ minLength: 1, maxLength: 30 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export const ChooseBody = Type.Object({ residentId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
export const TargetSchema = Type.Object(
  { communityCode: Type.String(), year: Type.Integer(), targetHours: Type.Integer(), isDefault: Type.Boolean() },
  { additionalProperties: false },
);
export const SetTargetBody = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), targetHours: Type.Integer({ minimum: 1, maximum: 500 }) }, { additionalProperties: false });
export const ProgressSchema = Type.Object(
  {
    residentId: Type.String(),
    name: Type.String(),
    communityCode: Type.String(),
    communityName: Type.String(),
    employer: Type.String(),
    employerPartyOrg: Type.String(),
    checkedInAt: Type.String(),
    posts: Type.Array(Type.String()),
    activities: Type.Integer(),
    hours: Type.Number(),
    targetHours: Type.Integer(),
    percent: Type.Integer(),
    behind: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ServiceProgress = Static<typeof ProgressSchema>;
export const ProgressQuery = Type.Object(
  {
    community: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    employerPartyOrg: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  },
  { additionalProperties: false },
);
export const RemindResult = Type.Object({ behind: Type.Integer(), reminded: Type.Integer(), withoutAccount: Type.Integer() }, { additionalProperties: false });
