/** Teams: the three tier teams of the ticket loop, community 新社工 teams and themed volunteer teams. */
import { Type, type Static } from 'typebox';

export const TEAM_KINDS = ['unit_team', 'building_team', 'compound_team', 'social_work', 'themed'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TeamKindSchema = Type.Unsafe<TeamKind>({ type: 'string', enum: [...TEAM_KINDS] });

export const MEMBER_SOURCES = ['resident', 'party_member', 'volunteer', 'grid_worker'] as const;
export const MemberSourceSchema = Type.Unsafe<(typeof MEMBER_SOURCES)[number]>({ type: 'string', enum: [...MEMBER_SOURCES] });

export const TeamMemberSchema = Type.Object(
  {
    memberKey: Type.String(),
    residentId: Type.Union([Type.String(), Type.Null()]),
    userId: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    role: Type.Union([Type.Literal('leader'), Type.Literal('member')]),
    source: Type.String(),
    joinedAt: Type.String(),
  },
  { additionalProperties: false },
);

export const TeamSchema = Type.Object(
  {
    id: Type.String(),
    kind: TeamKindSchema,
    name: Type.String(),
    placeCode: Type.String(),
    placeName: Type.String(),
    theme: Type.Union([Type.String(), Type.Null()]),
    leaderName: Type.Union([Type.String(), Type.Null()]),
    memberCount: Type.Integer(),
  },
  { additionalProperties: false },
);
export type Team = Static<typeof TeamSchema>;

export const TeamDetail = Type.Object({ team: TeamSchema, members: Type.Array(TeamMemberSchema) }, { additionalProperties: false });

export const CreateTeamBody = Type.Object(
  {
    kind: TeamKindSchema,
    placeCode: Type.String({ pattern: '^[0-9]{12,20}$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    theme: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type CreateTeamBody = Static<typeof CreateTeamBody>;

export const AddMemberBody = Type.Object(
  {
    residentId: Type.Optional(Type.String({ format: 'uuid' })),
    userId: Type.Optional(Type.String({ format: 'uuid' })),
    role: Type.Optional(Type.Union([Type.Literal('leader'), Type.Literal('member')], { default: 'member' })),
    source: Type.Optional(MemberSourceSchema),
  },
  { additionalProperties: false },
);
export type AddMemberBody = Static<typeof AddMemberBody>;

export const TeamsQuery = Type.Object(
  { place: Type.String({ pattern: '^[0-9]{4,20}$' }), kind: Type.Optional(TeamKindSchema), page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);

export const BootstrapBody = Type.Object({ placeCode: Type.String({ pattern: '^[0-9]{12,20}$' }) }, { additionalProperties: false });
export const BootstrapResult = Type.Object(
  { created: Type.Object({ unit_team: Type.Integer(), building_team: Type.Integer(), compound_team: Type.Integer() }), existing: Type.Integer() },
  { additionalProperties: false },
);
