/** Teams: the three tier teams of the ticket loop, community 新社工 teams and themed volunteer teams. */
import { Type, type Static } from 'typebox';

export const TEAM_KINDS = ['unit_team', 'building_team', 'compound_team', 'social_work', 'themed'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TeamKindSchema = Type.Unsafe<TeamKind>({ type: 'string', enum: [...TEAM_KINDS] });

/** The four themed teams of the seeds (联户 联排 联调 联建); a themed team may have another theme. */
export const TEAM_THEMES = ['环境整治联户', '安全隐患联排', '矛盾纠纷联调', '文明小区联建'] as const;

/** Roles in a team: 队长 (one), 副队长, 队员. */
export const TEAM_ROLES = ['leader', 'deputy', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const TeamRoleSchema = Type.Unsafe<TeamRole>({ type: 'string', enum: [...TEAM_ROLES] });

export const MEMBER_SOURCES = ['resident', 'party_member', 'volunteer', 'grid_worker'] as const;
export const MemberSourceSchema = Type.Unsafe<(typeof MEMBER_SOURCES)[number]>({ type: 'string', enum: [...MEMBER_SOURCES] });

export const TeamMemberSchema = Type.Object(
  {
    memberKey: Type.String(),
    residentId: Type.Union([Type.String(), Type.Null()]),
    userId: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    role: TeamRoleSchema,
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
    recruiting: Type.Boolean(),
    recruitNote: Type.Union([Type.String(), Type.Null()]),
    pendingApplications: Type.Integer(),
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
    role: Type.Optional(TeamRoleSchema),
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

export const SetRoleBody = Type.Object({ role: TeamRoleSchema }, { additionalProperties: false });

export const RecruitingBody = Type.Object(
  { open: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type RecruitingBody = Static<typeof RecruitingBody>;

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const ApplicationStatusSchema = Type.Unsafe<ApplicationStatus>({ type: 'string', enum: [...APPLICATION_STATUSES] });

export const ApplicationSchema = Type.Object(
  {
    id: Type.String(),
    teamId: Type.String(),
    teamName: Type.String(),
    residentId: Type.String(),
    name: Type.String(),
    /** Where she lives (室), for the leader who decides. */
    householdName: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
    status: ApplicationStatusSchema,
    reason: Type.Union([Type.String(), Type.Null()]),
    decidedByName: Type.Union([Type.String(), Type.Null()]),
    decidedAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Application = Static<typeof ApplicationSchema>;

export const ApplyBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false });

export const DecideBody = Type.Object(
  { approve: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type DecideBody = Static<typeof DecideBody>;

export const ApplicationsQuery = Type.Object({ status: Type.Optional(ApplicationStatusSchema) }, { additionalProperties: false });

/** A team as a resident sees it on her phone: open for her to join, or hers. */
export const OpenTeamSchema = Type.Object(
  {
    id: Type.String(),
    kind: TeamKindSchema,
    name: Type.String(),
    placeName: Type.String(),
    theme: Type.Union([Type.String(), Type.Null()]),
    leaderName: Type.Union([Type.String(), Type.Null()]),
    memberCount: Type.Integer(),
    recruiting: Type.Boolean(),
    recruitNote: Type.Union([Type.String(), Type.Null()]),
    /** Her standing: a member (with her role), a pending application, or none. */
    myRole: Type.Union([TeamRoleSchema, Type.Null()]),
    myApplication: Type.Union([ApplicationSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
export type OpenTeam = Static<typeof OpenTeamSchema>;

export const MyTeamsSchema = Type.Object(
  { open: Type.Array(OpenTeamSchema), mine: Type.Array(OpenTeamSchema), applications: Type.Array(ApplicationSchema) },
  { additionalProperties: false },
);
