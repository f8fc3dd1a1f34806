/** Party members, working members' check-ins (在职党员报到), membership transfers (转接) and new-employment workers (报到备案). */
import { Type, type Static } from 'typebox';

const Status = Type.Union([Type.Literal('full'), Type.Literal('probationary')]);
const Kept = Type.Union([Type.Literal('community'), Type.Literal('elsewhere')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PartyMemberSchema = Type.Object(
  {
    residentId: Type.String(),
    name: Type.String(),
    gender: Type.String(),
    householdCode: Type.String(),
    status: Status,
    joinDate: Nullable(Type.String()),
    membershipKept: Kept,
    membershipOrg: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type PartyMember = Static<typeof PartyMemberSchema>;

export const PartyMembersQuery = Type.Object(
  {
    place: Type.String({ pattern: '^[0-9]{4,24}$' }),
    status: Type.Optional(Status),
    kept: Type.Optional(Kept),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const MembershipBody = Type.Object(
  {
    status: Status,
    joinDate: Type.Optional(Type.String({ format: 'date' })),
    membershipKept: Kept,
    membershipOrg: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type MembershipBody = Static<typeof MembershipBody>;

export const CheckinSchema = Type.Object(
  {
    id: Type.String(),
    residentId: Type.String(),
    name: Type.String(),
    communityCode: Type.String(),
    communityName: Type.String(),
    employer: Type.String(),
    employerPartyOrg: Type.String(),
    checkedInAt: Type.String(),
    endedAt: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export const CheckinBody = Type.Object(
  {
    residentId: Type.String({ format: 'uuid' }),
    employer: Type.String({ minLength: 1, maxLength: 100 }),
    employerPartyOrg: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type CheckinBody = Static<typeof CheckinBody>;
export const CheckinsQuery = Type.Object(
  {
    community: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    employerPartyOrg: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const TransferSchema = Type.Object(
  {
    id: Type.String(),
    residentId: Type.String(),
    name: Type.String(),
    communityCode: Type.String(),
    fromOrg: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('completed')]),
    requestedAt: Type.String(),
    completedAt: Nullable(Type.String()),
    note: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export const TransferBody = Type.Object(
  { residentId: Type.String({ format: 'uuid' }), fromOrg: Type.String({ minLength: 1, maxLength: 100 }), note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const GIG_OCCUPATIONS = ['外卖骑手', '快递员', '网约车司机', '货车司机', '网络主播', '家政服务员', '其他'] as const;
export const GigWorkerSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    mobile: Nullable(Type.String({ description: 'masked' })),
    occupation: Type.String(),
    company: Type.String(),
    communityCode: Type.String(),
    residentId: Nullable(Type.String()),
    isPartyMember: Type.Boolean(),
    registeredAt: Type.String(),
  },
  { additionalProperties: false },
);
export const GigWorkerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    mobile: Type.String({ minLength: 11, maxLength: 20 }),
    occupation: Type.Unsafe<(typeof GIG_OCCUPATIONS)[number]>({ type: 'string', enum: [...GIG_OCCUPATIONS] }),
    company: Type.String({ minLength: 1, maxLength: 100 }),
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    residentId: Type.Optional(Type.String({ format: 'uuid' })),
    isPartyMember: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type GigWorkerBody = Static<typeof GigWorkerBody>;
