/** Chinese full-text search: jieba tokens stored as text and searched with to_tsvector('simple', …). */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | null = null;
const instance = () => (jieba ??= Jieba.withDict(dict));

/**
 * Search-mode tokens of a text, lower-cased, deduplicated in order; punctuation dropped, and long digit
 * runs too, so phone and ID numbers never become search words.
 */
export function searchTokens(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of instance().cutForSearch(text, true)) {
    const t = raw.trim().toLowerCase();
    if (t && /[\p{L}\p{N}]/u.test(t) && !/\d{5,}/.test(t)) seen.add(t);
  }
  return [...seen];
}

/** The text to store in a search column. */
export function searchText(...parts: Array<string | null | undefined>): string {
  return searchTokens(parts.filter(Boolean).join(' ')).join(' ');
}

/**
 * A tsquery (for to_tsquery('simple', …)) that matches rows containing every token of the query;
 * tokens are quoted, so no user input is parsed as tsquery syntax. Empty for a query with no words.
 */
export function toTsQuery(query: string): string {
  // Query tokens from the precise cut: search-mode would add overlapping sub-words and over-constrain.
  const words = instance()
    .cut(query, true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w && /[\p{L}\p{N}]/u.test(w));
  return [...new Set(words)].map((w) => `'${w.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`).join(' & ');
}

/** Jaccard similarity of two token sets (for "is this the same problem?"). */
export function tokenSimilarity(a: string[], b: string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  let both = 0;
  for (const t of A) if (B.has(t)) both++;
  const union = A.size + B.size - both;
  return union ? both / union : 0;
}
