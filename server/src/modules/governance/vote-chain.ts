/**
 * The hash chain of a vote's ballots. Each ballot's hash covers the previous hash and everything the
 * ballot says; the vote row keeps the head and the count. Changing, inserting or removing a ballot
 * breaks the chain at that row, or leaves the head or the count wrong.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface ChainedBallot {
  seq: number;
  voterKey: string | null;
  choices: string[];
  areaCenti: number;
  channel: string;
  nonce: string;
  castAt: string | null;
  prevHash: string;
  hash: string;
}

/** A fresh nonce: with it two identical secret ballots still get different hashes (no guessing a choice from a receipt). */
export const newNonce = () => randomBytes(16).toString('hex');

/** The hash of a ballot given its predecessor's. */
export function ballotHash(voteId: string, b: Omit<ChainedBallot, 'hash'>): string {
  const canonical = JSON.stringify([b.prevHash, voteId, b.seq, b.voterKey, b.choices, b.areaCenti, b.channel, b.nonce, b.castAt]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** The first ballot (seq) where the chain breaks, or null. */
  brokenAt: number | null;
  reason: string | null;
}

/** Walks a vote's ballots in order and checks every link, the head and the count. */
export function verifyChain(voteId: string, ballots: ChainedBallot[], head: string, count: number): ChainCheck {
  let prev = '';
  for (let i = 0; i < ballots.length; i++) {
    const b = ballots[i];
    const fail = (reason: string): ChainCheck => ({ ok: false, checked: i, brokenAt: i + 1, reason });
    if (b.seq !== i + 1) return fail(`ballot ${i + 1} is missing`);
    if (b.prevHash !== prev) return fail('does not follow the previous ballot');
    if (ballotHash(voteId, b) !== b.hash) return fail('its content does not match its hash');
    prev = b.hash;
  }
  if (ballots.length !== count) return { ok: false, checked: ballots.length, brokenAt: Math.min(ballots.length, count) + 1, reason: `the vote recorded ${count} ballots, ${ballots.length} are present` };
  if (prev !== head) return { ok: false, checked: ballots.length, brokenAt: ballots.length, reason: 'the last ballot is not the recorded head' };
  return { ok: true, checked: ballots.length, brokenAt: null, reason: null };
}
