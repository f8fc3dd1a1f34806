import { doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * 考核评价: an indicator a community assesses its targets (branches, teams, grid workers) by in a year:
 * where its value comes from, its weight (points) and the value that earns full points.
 */
export const assessmentIndicators = pgTable(
  'assessment_indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    year: integer('year').notNull(),
    targetKind: text('target_kind').notNull(),
    name: text('name').notNull(),
    source: text('source').notNull(),
    weight: integer('weight').notNull(),
    goal: doublePrecision('goal').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assessment_indicators_place_idx').on(t.placeCode, t.year)],
);

/** A residents' satisfaction survey 满意度测评 of one target in a year: residents score it 1–5, once each. */
export const assessmentSurveys = pgTable(
  'assessment_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    year: integer('year').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    targetName: text('target_name').notNull(),
    title: text('title').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assessment_surveys_place_idx').on(t.placeCode, t.year)],
);

export const surveyResponses = pgTable(
  'survey_responses',
  {
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => assessmentSurveys.id, { onDelete: 'cascade' }),
    residentId: uuid('resident_id').notNull(),
    countyCode: text('county_code').notNull(),
    score: integer('score').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.residentId] })],
);
