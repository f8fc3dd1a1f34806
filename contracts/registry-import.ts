/** The resident import/export file (居民导入模板) and the import job as the API shows it. */
import { Type, type Static } from 'typebox';

/** Columns of the template, in order; an export writes the same columns, so it can be imported again. */
export const IMPORT_COLUMNS = ['姓名', '性别', '身份证号', '联系电话', '小区', '楼栋', '单元', '房号', '与户主关系', '政治面貌', '党组织关系所在', '居住状态', '标签'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const GENDERS = ['男', '女'] as const;
export const POLITICAL_STATUSES = ['群众', '中共党员', '中共预备党员', '共青团员', '其他'] as const;
export const RESIDENCE_STATUSES = ['常住', '暂住', '空挂户'] as const;
/** 党组织关系所在: this word means "kept in this community"; anything else names the organisation elsewhere. */
export const MEMBERSHIP_HERE = '本社区';
/** Tags are separated by 、 in the file. */
export const TAG_SEPARATOR = '、';
/** A row whose 姓名 starts with this is the template's sample and is skipped. */
export const SAMPLE_MARK = '【示例】';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ImportRejectionSchema = Type.Object(
  {
    row: Type.Integer({ description: 'spreadsheet row number (the header is row 1)' }),
    column: Type.String({ description: 'the column at fault, e.g. 身份证号' }),
    reason: Type.String(),
  },
  { additionalProperties: false },
);
export type ImportRejection = Static<typeof ImportRejectionSchema>;

export const ImportStatusSchema = Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]);
export type ImportStatus = Static<typeof ImportStatusSchema>;

export const ImportJobSchema = Type.Object(
  {
    id: Type.String(),
    communityCode: Type.String(),
    fileName: Type.String(),
    status: ImportStatusSchema,
    total: Type.Integer({ description: 'data rows in the file' }),
    processed: Type.Integer(),
    imported: Type.Integer({ description: 'new residents' }),
    updated: Type.Integer({ description: 'residents whose record changed' }),
    rejectedCount: Type.Integer(),
    rejected: Type.Array(ImportRejectionSchema, { description: 'the first 200 rejected rows; the full list is the report' }),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ImportJob = Static<typeof ImportJobSchema>;

export const ImportAcceptedSchema = Type.Object({ jobId: Type.String() }, { additionalProperties: false });
export type ImportAccepted = Static<typeof ImportAcceptedSchema>;

export const ImportUploadQuery = Type.Object(
  {
    community: Type.String({ pattern: '^[0-9]{12}$', description: '12-digit community code' }),
    createPlaces: Type.Optional(Type.Boolean({ default: false, description: 'create unknown 小区/楼栋/单元 instead of rejecting the row' })),
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ImportUploadQuery = Static<typeof ImportUploadQuery>;

export const ImportListQuery = Type.Object({ community: Type.String({ pattern: '^[0-9]{12}$' }) }, { additionalProperties: false });

export const ImportJobListSchema = Type.Array(ImportJobSchema);

export const ExportQuery = Type.Object(
  {
    place: Type.String({ pattern: '^[0-9]{4,24}$', description: 'export this place and everything under it' }),
    reveal: Type.Optional(Type.Boolean({ default: false, description: 'full ID numbers and mobiles (roles that may reveal; audited)' })),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;
