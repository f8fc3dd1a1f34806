/** What a closed vote decides elsewhere: a proposal's outcome, or a convention version's adoption. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { VoteResult } from '../../../../contracts/governance.js';
import { conventions, proposals } from './governance.schema.js';

function summary(r: VoteResult) {
  const agree = r.options.find((o) => o.key === 'agree');
  const turnout = `参与 ${r.participation.voters}/${r.electorate.voters}`;
  if (!r.quorum.met) return `表决未通过：参与人数未达法定要求（${turnout}）`;
  return `${r.passed ? '表决通过' : '表决未通过'}：同意 ${agree?.votes ?? 0} 票，${turnout}`;
}

/** Applies a closed vote's result to its subject, inside the closing transaction. */
export async function applyVoteOutcome(tx: Db, vote: { subjectKind: string | null; subjectId: string | null }, result: VoteResult) {
  if (!vote.subjectId) return;
  if (vote.subjectKind === 'proposal') {
    await tx.update(proposals).set({ status: 'decided', outcome: summary(result) }).where(eq(proposals.id, vote.subjectId));
  } else if (vote.subjectKind === 'convention') {
    const [c] = await tx.select().from(conventions).where(eq(conventions.id, vote.subjectId));
    if (!c) return;
    if (result.passed) {
      await tx
        .update(conventions)
        .set({ status: 'superseded' })
        .where(and(eq(conventions.placeCode, c.placeCode), eq(conventions.status, 'adopted')));
      await tx.update(conventions).set({ status: 'adopted', adoptedAt: sql`now()` }).where(eq(conventions.id, c.id));
    } else await tx.update(conventions).set({ status: 'rejected' }).where(eq(conventions.id, c.id));
  }
}
