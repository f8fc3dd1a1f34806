/**
 * "Me too" before a new ticket: open tickets of the same category in the same compound from the last
 * 30 days whose words (jieba tokens) are close to the new text are offered first.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { searchTokens, tokenSimilarity } from '../../platform/search.js';
import { maskNumbersInText } from '../../../../contracts/validation.js';
import { STATUS_LABEL, type TicketStatus } from '../../../../contracts/tickets.js';

/** Below this share of common words two texts are different problems (tuned on the seed's five complaints). */
export const SIMILARITY_THRESHOLD = 0.2;
const WINDOW_DAYS = 30;

export interface SimilarTicket {
  id: string;
  number: string;
  title: string;
  status: string;
  followers: number;
  createdAt: string;
  similarity: number;
}

/** Open, non-confidential tickets like the given text, most similar first (at most five). */
export async function findSimilarOpenTickets(db: Db, q: { categoryCode: string; compoundCode: string; text: string; now?: Date }): Promise<SimilarTicket[]> {
  const since = new Date((q.now ?? new Date()).getTime() - WINDOW_DAYS * 86_400_000);
  const candidates = await rows<{ id: string; number: string; title: string; status: string; followers: number; created_at: Date; search_text: string }>(
    db,
    sql`SELECT id, number, title, status, followers, created_at, search_text FROM tickets
        WHERE compound_code = ${q.compoundCode} AND county_code = ${q.compoundCode.slice(0, 6)} AND category_code = ${q.categoryCode}
          AND created_at >= ${since} AND confidential = false
          AND status IN ('registered', 'dispatched', 'in_progress', 'reported', 'shelved')
        ORDER BY created_at DESC LIMIT 200`,
  );
  const mine = searchTokens(q.text);
  return candidates
    .map((c) => ({ c, similarity: tokenSimilarity(mine, c.search_text.split(' ').filter(Boolean)) }))
    .filter((x) => x.similarity >= SIMILARITY_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 5)
    .map(({ c, similarity }) => ({
      id: c.id,
      number: c.number,
      title: maskNumbersInText(c.title),
      status: STATUS_LABEL[c.status as TicketStatus] ?? c.status,
      followers: c.followers,
      createdAt: new Date(c.created_at).toISOString(),
      similarity: Math.round(similarity * 100) / 100,
    }));
}
