/**
 * The counting rules of votes, pure. Owners' matters follow the Civil Code art. 278: at least 2/3 of
 * the floor area and 2/3 of the owners take part; an ordinary matter passes with more than half of the
 * participating area and of the participating owners, a major one (maintenance fund, rebuilding,
 * change of use) with at least 3/4 of each. Residents' meetings (person or household) follow the
 * Organic Law of Urban Residents' Committees: more than half take part, more than half of them agree.
 * Areas are integers (hundredths of a square metre), so every comparison is exact.
 */

export type VoteMethod = 'person' | 'household' | 'owners';
export type VoteKind = 'matter' | 'election';
export const MAJOR_MATTERS = ['maintenance_fund', 'rebuilding', 'change_of_use'] as const;
export type Matter = 'ordinary' | (typeof MAJOR_MATTERS)[number];

export interface Option {
  key: string;
  label: string;
  residentId?: string;
}

/** The three answers of a matter. */
export const MATTER_OPTIONS: Option[] = [
  { key: 'agree', label: '同意' },
  { key: 'oppose', label: '反对' },
  { key: 'abstain', label: '弃权' },
];

export interface Tally {
  /** Voters (owners for an owners' vote) and their area. */
  voters: number;
  areaCenti: number;
}

export interface BallotForCount {
  choices: string[];
  areaCenti: number;
}

export interface OptionResult {
  key: string;
  label: string;
  votes: number;
  areaCenti: number;
}

export interface VoteResult {
  method: VoteMethod;
  kind: VoteKind;
  matter: Matter;
  electorate: Tally;
  participation: Tally;
  /** The turnout needed, in words, and whether it was reached. */
  quorum: { rule: string; met: boolean };
  /** What it takes to pass or be elected: 'more_than_half' or 'three_quarters'. */
  threshold: 'more_than_half' | 'three_quarters';
  options: OptionResult[];
  /** A matter: passed or not (false when the quorum fails). */
  passed: boolean | null;
  /** An election: the candidates elected, in order of votes; `tie` when a tie at the last seat left it open. */
  elected: string[];
  tie: boolean;
}

/** True if `part` is at least two thirds of `whole`. */
export const atLeastTwoThirds = (part: number, whole: number) => whole > 0 && part * 3 >= whole * 2;
/** True if `part` is more than half of `whole`. */
export const moreThanHalf = (part: number, whole: number) => whole > 0 && part * 2 > whole;
/** True if `part` is at least three quarters of `whole`. */
export const atLeastThreeQuarters = (part: number, whole: number) => whole > 0 && part * 4 >= whole * 3;

export function isMajor(matter: Matter): boolean {
  return (MAJOR_MATTERS as readonly string[]).includes(matter);
}

/** Counts the ballots of a closed vote against its electorate. */
export function countVote(v: { method: VoteMethod; kind: VoteKind; matter: Matter; options: Option[]; seats: number }, electorate: Tally, ballots: BallotForCount[]): VoteResult {
  const participation: Tally = { voters: ballots.length, areaCenti: ballots.reduce((s, b) => s + b.areaCenti, 0) };
  const options: OptionResult[] = v.options.map((o) => {
    const mine = ballots.filter((b) => b.choices.includes(o.key));
    return { key: o.key, label: o.label, votes: mine.length, areaCenti: mine.reduce((s, b) => s + b.areaCenti, 0) };
  });
  const owners = v.method === 'owners';
  const quorumMet = owners
    ? atLeastTwoThirds(participation.areaCenti, electorate.areaCenti) && atLeastTwoThirds(participation.voters, electorate.voters)
    : moreThanHalf(participation.voters, electorate.voters);
  const threshold = owners && isMajor(v.matter) ? 'three_quarters' : 'more_than_half';
  const carries = (o: OptionResult) => {
    const rule = threshold === 'three_quarters' ? atLeastThreeQuarters : moreThanHalf;
    return rule(o.votes, participation.voters) && (!owners || rule(o.areaCenti, participation.areaCenti));
  };
  const base = {
    method: v.method,
    kind: v.kind,
    matter: v.matter,
    electorate,
    participation,
    quorum: { rule: owners ? 'two_thirds_area_and_owners' : 'more_than_half_of_voters', met: quorumMet },
    threshold,
    options,
  } as const;
  if (v.kind === 'matter') {
    const agree = options.find((o) => o.key === 'agree')!;
    return { ...base, passed: quorumMet && carries(agree), elected: [], tie: false };
  }
  // Elections: candidates who carry, most votes first; a tie across the last seat leaves it unfilled.
  const carried = quorumMet ? options.filter(carries).sort((a, b) => b.votes - a.votes || b.areaCenti - a.areaCenti) : [];
  let elected = carried.slice(0, v.seats);
  let tie = false;
  if (carried.length > v.seats) {
    const last = elected[elected.length - 1];
    const next = carried[v.seats];
    if (last.votes === next.votes && last.areaCenti === next.areaCenti) {
      tie = true;
      elected = elected.filter((o) => o.votes > last.votes || o.areaCenti > last.areaCenti);
    }
  }
  return { ...base, passed: null, elected: elected.map((o) => o.key), tie };
}

/** The choices a ballot may hold: one answer for a matter, 1..seats distinct candidates for an election. */
export function checkChoices(v: { kind: VoteKind; options: Option[]; seats: number }, choices: string[]): string | null {
  const keys = new Set(v.options.map((o) => o.key));
  if (!choices.length) return 'choose at least one option';
  if (new Set(choices).size !== choices.length) return 'an option is chosen twice';
  for (const c of choices) if (!keys.has(c)) return `unknown option ${c}`;
  if (v.kind === 'matter' && choices.length !== 1) return 'a matter takes exactly one answer';
  if (v.kind === 'election' && choices.length > v.seats) return `choose at most ${v.seats}`;
  return null;
}
