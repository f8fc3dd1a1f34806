/** Household members in the order people read a household register: head, spouse, then by age. */
import type { Resident } from '../../../../contracts/registry';

const RELATION_RANK: Record<string, number> = { 户主: 0, 本人: 0, 配偶: 1 };

/** Head first, spouse second, everyone else oldest first; the input is not changed. */
export function orderMembers(residents: readonly Resident[]): Resident[] {
  const rank = (r: Resident) => RELATION_RANK[r.relation] ?? 2;
  return [...residents].sort((a, b) => rank(a) - rank(b) || (a.birthDate ?? '9999').localeCompare(b.birthDate ?? '9999'));
}
