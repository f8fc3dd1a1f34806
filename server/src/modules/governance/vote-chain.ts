/**
 * The hash chain of a vote's ballots. A ballot's receipt is the hash of what it says (its voter on an
 * open vote, its choices, area, channel, nonce and time), whatever its place; each link's hash covers
 * the previous link, the ballot's position and its receipt; the vote row keeps the head and the count.
 * Changing, inserting or removing a ballot breaks the chain at that row, or leaves the head or the
 * count wrong.
 *
 * While a vote is open its ballots are chained as they arrive. When a secret vote closes its chain is
 * sealed: the ballots are chained again in the order of their receipts (random, since each carries a
 * fresh nonce), so the published order says nothing of who voted when; a sealed chain that is not in
 * receipt order fails the check.
 *
 * Ballots stored before receipts (migration 0019) have none: their hash covers their content and the
 * previous hash directly (`legacyHash`), and they are checked as such.
 */
import { createHash, randomBytes } from 'node:crypto';

/** What a ballot says. */
export interface BallotContent {
  /** Open ballots only. */
  voterKey: string | null;
  choices: string[];
  areaCenti: number;
  /** online or paper on an open ballot; null on a secret one (a lone online voter would be named by it). */
  channel: string | null;
  nonce: string;
  /** Open ballots only. */
  castAt: string | null;
}

export interface ChainedBallot extends BallotContent {
  seq: number;
  receipt: string | null;
  prevHash: string;
  hash: string;
}

const sha256 = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** A fresh nonce: with it two identical secret ballots still get different receipts (no guessing a choice from a receipt). */
export const newNonce = () => randomBytes(16).toString('hex');

/** The ballot's own hash, the same wherever it stands in the chain: what the voter keeps. */
export function receiptOf(voteId: string, b: BallotContent): string {
  return sha256(['ballot', voteId, b.voterKey, b.choices, b.areaCenti, b.channel, b.nonce, b.castAt]);
}

/** The hash of a ballot stored before receipts: its content and place in one. */
function legacyHash(voteId: string, b: ChainedBallot): string {
  return sha256([b.prevHash, voteId, b.seq, b.voterKey, b.choices, b.areaCenti, b.channel, b.nonce, b.castAt]);
}

/** The hash of a link: the ballot at `seq` after the link `prevHash`. */
export function linkHash(voteId: string, seq: number, prevHash: string, receipt: string): string {
  return sha256([prevHash, voteId, seq, receipt]);
}

type Linked<T> = T & ChainedBallot & { receipt: string };

/** Chains ballots in the order given, after the link `prevHash` at `firstSeq - 1`. */
export function chainBallots<T extends BallotContent>(voteId: string, ballots: T[], prevHash = '', firstSeq = 1): Array<Linked<T>> {
  let prev = prevHash;
  return ballots.map((b, i) => {
    const seq = firstSeq + i;
    const receipt = receiptOf(voteId, b);
    const hash = linkHash(voteId, seq, prev, receipt);
    const link = { ...b, seq, receipt, prevHash: prev, hash };
    prev = hash;
    return link;
  });
}

/** A secret vote's sealed chain: its ballots chained anew in the order of their receipts. */
export function sealChain<T extends BallotContent>(voteId: string, ballots: T[]): Array<Linked<T>> {
  const withReceipts = ballots.map((b) => ({ b, receipt: receiptOf(voteId, b) })).sort((x, y) => (x.receipt < y.receipt ? -1 : 1));
  return chainBallots(
    voteId,
    withReceipts.map((x) => x.b),
  );
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** The first ballot (seq) where the chain breaks, or null. */
  brokenAt: number | null;
  reason: string | null;
}

/** Walks a vote's ballots in order and checks every link, the head and the count; a sealed chain also its order. */
export function verifyChain(voteId: string, ballots: ChainedBallot[], head: string, count: number, sealed = false): ChainCheck {
  let prev = '';
  let lastReceipt = '';
  for (let i = 0; i < ballots.length; i++) {
    const b = ballots[i];
    const fail = (reason: string): ChainCheck => ({ ok: false, checked: i, brokenAt: i + 1, reason });
    if (b.seq !== i + 1) return fail(`ballot ${i + 1} is missing`);
    if (b.prevHash !== prev) return fail('does not follow the previous ballot');
    if (b.receipt === null) {
      if (sealed || legacyHash(voteId, b) !== b.hash) return fail('its content does not match its hash');
    } else {
      if (receiptOf(voteId, b) !== b.receipt) return fail('its content does not match its receipt');
      if (linkHash(voteId, b.seq, b.prevHash, b.receipt) !== b.hash) return fail('its link does not match its hash');
      if (sealed && b.receipt <= lastReceipt) return fail('a sealed chain lists its ballots in the order of their receipts');
      lastReceipt = b.receipt;
    }
    prev = b.hash;
  }
  if (ballots.length !== count) return { ok: false, checked: ballots.length, brokenAt: Math.min(ballots.length, count) + 1, reason: `the vote recorded ${count} ballots, ${ballots.length} are present` };
  if (prev !== head) return { ok: false, checked: ballots.length, brokenAt: ballots.length, reason: 'the last ballot is not the recorded head' };
  return { ok: true, checked: ballots.length, brokenAt: null, reason: null };
}
