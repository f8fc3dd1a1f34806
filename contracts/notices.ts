/** Public notices 公示 with feedback during the window, confidential identities and receipt codes. */
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const NOTICE_STATES = ['upcoming', 'open', 'ended'] as const;

export const NoticeSchema = Type.Object(
  {
    id: Type.String(),
    placeCode: Type.String(),
    placeName: Type.String(),
    title: Type.String(),
    body: Type.String(),
    publisher: Type.String(),
    contact: Nullable(Type.String()),
    startsOn: Type.String({ format: 'date' }),
    endsOn: Type.String({ format: 'date' }),
    /** By today's date in Asia/Shanghai. */
    state: Type.Unsafe<(typeof NOTICE_STATES)[number]>({ type: 'string', enum: [...NOTICE_STATES] }),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Notice = Static<typeof NoticeSchema>;

export const CreateNoticeBody = Type.Object(
  {
    placeCode: Type.String({ pattern: '^[0-9]{4,15}$', description: 'whose notice: the city, a county, township, community or compound' }),
    title: Type.String({ minLength: 2, maxLength: 80 }),
    body: Type.String({ minLength: 2, maxLength: 20000 }),
    publisher: Type.String({ minLength: 2, maxLength: 60, description: 'e.g. 中共朔州市委组织部' }),
    contact: Type.Optional(Type.String({ maxLength: 400, description: '来信地址、电话' })),
    startsOn: Type.String({ format: 'date' }),
    endsOn: Type.String({ format: 'date' }),
  },
  { additionalProperties: false },
);
export type CreateNoticeBody = Static<typeof CreateNoticeBody>;

export const NoticesQuery = Type.Object({ place: Type.Optional(Type.String({ pattern: '^[0-9]{4,15}$' })) }, { additionalProperties: false });

export const FeedbackBody = Type.Object(
  {
    content: Type.String({ minLength: 5, maxLength: 4000 }),
    anonymous: Type.Boolean(),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    phone: Type.Optional(Type.String({ minLength: 5, maxLength: 20 })),
  },
  { additionalProperties: false },
);
export const ReceiptBody = Type.Object({ receiptCode: Type.String() }, { additionalProperties: false });

/** What a receipt code shows: the outcome, never who sent it. */
export const FeedbackStatusSchema = Type.Object(
  { noticeTitle: Type.String(), status: Type.Union([Type.Literal('received'), Type.Literal('answered')]), outcome: Nullable(Type.String()), submittedAt: Type.String(), answeredAt: Nullable(Type.String()) },
  { additionalProperties: false },
);

/** Feedback as staff see it: `sender` is null for everyone but the supervisor role. */
export const FeedbackSchema = Type.Object(
  {
    id: Type.String(),
    content: Type.String(),
    anonymous: Type.Boolean(),
    sender: Nullable(Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), account: Nullable(Type.String()) }, { additionalProperties: false })),
    status: Type.Union([Type.Literal('received'), Type.Literal('answered')]),
    outcome: Nullable(Type.String()),
    createdAt: Type.String(),
    answeredAt: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export const AnswerBody = Type.Object({ outcome: Type.String({ minLength: 2, maxLength: 4000 }) }, { additionalProperties: false });
