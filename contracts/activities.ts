/** Activities (活动): the monthly theme calendar, occurrences with capacity, sign-up and waitlist, QR check-in, service hours. */
import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Iso = Type.String({ format: 'date-time' });

export const RECURRENCES = ['none', 'weekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
export const SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const HOURS_STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;
export type HoursStatus = (typeof HOURS_STATUSES)[number];

export const ThemeSchema = Type.Object(
  { communityCode: Type.String(), month: Type.String(), theme: Type.String(), note: Nullable(Type.String()) },
  { additionalProperties: false },
);
export type MonthTheme = Static<typeof ThemeSchema>;
export const SetThemeBody = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    month: Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
    theme: Type.String({ minLength: 1, maxLength: 40 }),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type SetThemeBody = Static<typeof SetThemeBody>;
export const ThemesQuery = Type.Object({ community: Type.String({ pattern: '^[0-9]{12}$' }), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false });

export const ActivitySchema = Type.Object(
  {
    id: Type.String(),
    seriesId: Nullable(Type.String()),
    recurrence: Type.String(),
    title: Type.String(),
    theme: Nullable(Type.String()),
    description: Type.String(),
    placeCode: Type.String(),
    placeName: Type.String(),
    communityCode: Type.String(),
    address: Type.String(),
    teamId: Nullable(Type.String()),
    leaderUserId: Type.String(),
    leaderName: Type.String(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    capacity: Type.Integer(),
    confirmed: Type.Integer(),
    waitlisted: Type.Integer(),
    status: Type.String(),
    /** The caller's own sign-up, if any (residents). */
    mySignup: Type.Optional(Type.Union([Type.Object({ id: Type.String(), status: Type.String(), checkedInAt: Nullable(Type.String()), checkedOutAt: Nullable(Type.String()) }, { additionalProperties: false }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type Activity = Static<typeof ActivitySchema>;

export const CreateActivityBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    theme: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    placeCode: Type.String({ pattern: '^[0-9]{12,18}$' }),
    address: Type.Optional(Type.String({ maxLength: 120 })),
    teamId: Type.Optional(Type.String({ format: 'uuid' })),
    leaderUserId: Type.Optional(Type.String({ format: 'uuid' })),
    startsAt: Iso,
    endsAt: Iso,
    capacity: Type.Integer({ minimum: 1, maximum: 10000 }),
    recurrence: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('weekly'), Type.Literal('monthly')])),
    /** How many occurrences a weekly or monthly series has (the first included). */
    occurrences: Type.Optional(Type.Integer({ minimum: 1, maximum: 52 })),
  },
  { additionalProperties: false },
);
export type CreateActivityBody = Static<typeof CreateActivityBody>;

export const ActivitiesQuery = Type.Object(
  {
    place: Type.Optional(Type.String({ pattern: '^[0-9]{4,18}$' })),
    from: Type.Optional(Iso),
    to: Type.Optional(Iso),
    /** Residents: activities near me (my community, my compound first). */
    near: Type.Optional(Type.Boolean()),
    /** Activities I lead (any account). */
    led: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SignupSchema = Type.Object(
  {
    id: Type.String(),
    activityId: Type.String(),
    residentId: Type.String(),
    name: Type.String(),
    status: Type.String(),
    signedUpAt: Type.String(),
    promotedAt: Nullable(Type.String()),
    checkedInAt: Nullable(Type.String()),
    checkInMethod: Nullable(Type.String()),
    checkedOutAt: Nullable(Type.String()),
    checkOutMethod: Nullable(Type.String()),
    minutes: Type.Union([Type.Integer(), Type.Null()]),
    hoursStatus: Type.String(),
  },
  { additionalProperties: false },
);
export type Signup = Static<typeof SignupSchema>;

export const SignUpBody = Type.Object({ residentId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
export const HandCheckBody = Type.Object({ at: Type.Optional(Iso) }, { additionalProperties: false });
export const ScanBody = Type.Object({ token: Type.String({ minLength: 10, maxLength: 400 }) }, { additionalProperties: false });
export const QrSchema = Type.Object(
  { token: Type.String(), kind: Type.String(), expiresAt: Type.String(), url: Type.String() },
  { additionalProperties: false },
);
export const DecideHoursBody = Type.Object(
  { decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })), note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type DecideHoursBody = Static<typeof DecideHoursBody>;

export const MyHoursSchema = Type.Object(
  {
    approvedMinutes: Type.Integer(),
    pendingMinutes: Type.Integer(),
    items: Type.Array(
      Type.Object(
        { signupId: Type.String(), activityId: Type.String(), title: Type.String(), startsAt: Type.String(), minutes: Type.Union([Type.Integer(), Type.Null()]), hoursStatus: Type.String(), status: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
