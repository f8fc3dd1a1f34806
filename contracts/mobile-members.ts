/** 流动党员 (five steps): survey, register, group, pair, track. */
import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const MOBILE_STEPS = ['surveyed', 'registered', 'grouped', 'paired', 'tracking'] as const;
export const CONTACT_METHODS = ['phone', 'wechat', 'visit', 'video'] as const;

export const MobileMemberSchema = Type.Object(
  {
    id: Type.String(),
    residentId: Nullable(Type.String()),
    name: Type.String(),
    communityCode: Type.String(),
    partyStatus: Type.String(),
    leftOn: Type.String(),
    destinationCity: Type.String(),
    destinationDetail: Type.String(),
    employer: Type.String(),
    mobile: Nullable(Type.String()),
    step: Type.String(),
    registeredAt: Nullable(Type.String()),
    groupId: Nullable(Type.String()),
    groupName: Nullable(Type.String()),
    cadreUserId: Nullable(Type.String()),
    cadreName: Nullable(Type.String()),
    rhythmDays: Type.Integer(),
    lastContactAt: Nullable(Type.String()),
    dueAt: Nullable(Type.String()),
    overdue: Type.Boolean(),
    studies: Type.Integer(),
  },
  { additionalProperties: false },
);
export type MobileMember = Static<typeof MobileMemberSchema>;

export const SurveyBody = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    residentId: Type.Optional(Type.String({ format: 'uuid' })),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    partyStatus: Type.Union([Type.Literal('full'), Type.Literal('probationary')]),
    leftOn: Type.String({ format: 'date' }),
    destinationCity: Type.String({ minLength: 2, maxLength: 30 }),
    destinationDetail: Type.Optional(Type.String({ maxLength: 100 })),
    employer: Type.Optional(Type.String({ maxLength: 100 })),
    mobile: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
export const MembersQuery = Type.Object({ place: Type.String({ pattern: '^[0-9]{9,12}$' }), overdue: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const ProposalSchema = Type.Object(
  { destinationCity: Type.String(), name: Type.String(), memberIds: Type.Array(Type.String()), names: Type.Array(Type.String()) },
  { additionalProperties: false },
);
export type GroupProposal = Static<typeof ProposalSchema>;
export const AdoptBody = Type.Object(
  { placeCode: Type.String({ pattern: '^[0-9]{9,12}$' }), destinationCity: Type.String({ minLength: 2, maxLength: 30 }), name: Type.Optional(Type.String({ minLength: 2, maxLength: 60 })) },
  { additionalProperties: false },
);
export const GroupSchema = Type.Object(
  { id: Type.String(), name: Type.String(), destinationCity: Type.String(), placeCode: Type.String(), members: Type.Integer(), fullMembers: Type.Optional(Type.Integer()), createdAt: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type MobileGroup = Static<typeof GroupSchema>;
export const PairBody = Type.Object({ cadreUserId: Type.Optional(Type.String({ format: 'uuid' })), rhythmDays: Type.Optional(Type.Integer({ minimum: 7, maximum: 180 })) }, { additionalProperties: false });
export const ContactBody = Type.Object(
  {
    at: Type.Optional(Type.String({ format: 'date-time' })),
    method: Type.Union(CONTACT_METHODS.map((m) => Type.Literal(m))),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    study: Type.Optional(Type.Boolean()),
    studyTopic: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const MemberDetail = Type.Object(
  {
    member: MobileMemberSchema,
    contacts: Type.Array(
      Type.Object(
        { id: Type.String(), at: Type.String(), method: Type.String(), note: Type.String(), study: Type.Boolean(), studyTopic: Nullable(Type.String()), byName: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type MobileMemberDetail = Static<typeof MemberDetail>;
