/** The public list 线上问题办理清单: every non-confidential ticket, place to the compound, numbers masked. */
import { Type, type Static } from 'typebox';

export const PublicTicketSchema = Type.Object(
  {
    number: Type.String(),
    title: Type.String(),
    description: Type.String(),
    category: Type.String(),
    categoryName: Type.String(),
    status: Type.String(),
    /** 区县 街道 社区 小区 — never the building, unit or household. */
    place: Type.String(),
    createdAt: Type.String(),
    closedAt: Type.Union([Type.String(), Type.Null()]),
    rating: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type PublicTicket = Static<typeof PublicTicketSchema>;

export const PublicListQuery = Type.Object(
  {
    place: Type.Optional(Type.String({ pattern: '^[0-9]{4,15}$', description: 'down to a compound' })),
    category: Type.Optional(Type.String({ pattern: '^[a-z][a-z_]{1,39}$' })),
    status: Type.Optional(Type.Unsafe<'open' | 'closed' | 'shelved'>({ type: 'string', enum: ['open', 'closed', 'shelved'] })),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Chinese full-text search' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);

export const PublicListResponse = Type.Object(
  { items: Type.Array(PublicTicketSchema), page: Type.Integer(), hasMore: Type.Boolean() },
  { additionalProperties: false },
);

export const PublicTimelineEntry = Type.Object(
  {
    type: Type.String(),
    label: Type.String(),
    /** Who acted, as a role (单元自治组, 网格员, 社区, 居民…), never a name. */
    by: Type.String(),
    at: Type.String(),
    note: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const PublicTicketDetail = Type.Object({ ticket: PublicTicketSchema, timeline: Type.Array(PublicTimelineEntry) }, { additionalProperties: false });
