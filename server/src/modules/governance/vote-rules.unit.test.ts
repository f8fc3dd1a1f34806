import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countVote, checkChoices, MATTER_OPTIONS, type Matter } from './vote-rules.js';
import { chainBallots, linkHash, newNonce, receiptOf, sealChain, verifyChain, type ChainedBallot } from './vote-chain.js';

/** An owners' vote over 9 owners of 100.00 m² each (total 900.00 m², 9 owners). */
const ELECTORATE = { voters: 9, areaCenti: 90_000 };
const owners = (matter: Matter) => ({ method: 'owners' as const, kind: 'matter' as const, matter, options: MATTER_OPTIONS, seats: 1 });
const ballot = (choice: string, area = 10_000) => ({ choices: [choice], areaCenti: area });
const many = (n: number, choice: string, area = 10_000) => Array.from({ length: n }, () => ballot(choice, area));

describe('art. 278 quorum: 2/3 of the area and 2/3 of the owners', () => {
  it('is met at exactly 2/3 of both (6 of 9 owners, 600 of 900 m²)', () => {
    const r = countVote(owners('ordinary'), ELECTORATE, many(6, 'agree'));
    expect(r.quorum.met).toBe(true);
    expect(r.passed).toBe(true);
  });
  it('fails just below 2/3 of the area, with 2/3 of the owners', () => {
    const ballots = [...many(5, 'agree'), ballot('agree', 9_999)];
    const r = countVote(owners('ordinary'), ELECTORATE, ballots);
    expect(r.participation).toEqual({ voters: 6, areaCenti: 59_999 });
    expect(r.quorum.met).toBe(false);
    expect(r.passed).toBe(false);
  });
  it('fails just below 2/3 of the owners, with more than 2/3 of the area', () => {
    const ballots = many(5, 'agree', 12_000); // 5 of 9 owners, 600 m²
    const r = countVote(owners('ordinary'), ELECTORATE, ballots);
    expect(r.participation.areaCenti).toBe(60_000);
    expect(r.quorum.met).toBe(false);
  });
});

describe('art. 278 majorities', () => {
  it('an ordinary matter needs more than half of the participating area AND owners: exactly half fails', () => {
    // 8 take part, 4 agree by number and by area.
    const half = [...many(4, 'agree'), ...many(4, 'oppose')];
    expect(countVote(owners('ordinary'), ELECTORATE, half).passed).toBe(false);
    const overHalf = [...many(3, 'agree'), ballot('agree', 10_001), ...many(4, 'oppose', 9_999)];
    expect(countVote(owners('ordinary'), ELECTORATE, overHalf).passed).toBe(false); // area over half, owners exactly half
    const both = [...many(5, 'agree'), ...many(3, 'oppose')];
    expect(countVote(owners('ordinary'), ELECTORATE, both).passed).toBe(true);
  });
  it('abstentions take part but do not agree', () => {
    const r = countVote(owners('ordinary'), ELECTORATE, [...many(3, 'agree'), ...many(3, 'abstain')]);
    expect(r.quorum.met).toBe(true);
    expect(r.passed).toBe(false);
  });
  it('a major matter passes at exactly 3/4 of the participating area and owners', () => {
    // 8 take part (800 m²): 6 agree with 600 m².
    const r = countVote(owners('maintenance_fund'), ELECTORATE, [...many(6, 'agree'), ...many(2, 'oppose')]);
    expect(r.threshold).toBe('three_quarters');
    expect(r.passed).toBe(true);
  });
  it('a major matter fails just below 3/4 of the area', () => {
    const r = countVote(owners('rebuilding'), ELECTORATE, [...many(5, 'agree'), ballot('agree', 9_999), ...many(1, 'oppose'), ballot('oppose', 10_001)]);
    expect(r.participation.areaCenti).toBe(80_000);
    expect(r.options[0]).toMatchObject({ votes: 6, areaCenti: 59_999 });
    expect(r.passed).toBe(false);
  });
  it('a major matter fails just below 3/4 of the owners even with the area', () => {
    // 8 take part: 5 agree with 600 m² of 800 m² (area 3/4), owners 5/8 < 3/4.
    const r = countVote(owners('change_of_use'), ELECTORATE, [...many(5, 'agree', 12_000), ...many(3, 'oppose', 6_667)]);
    expect(r.participation.areaCenti).toBe(80_001);
    expect(r.passed).toBe(false);
    const r2 = countVote(owners('change_of_use'), { voters: 8, areaCenti: 80_000 }, [...many(6, 'agree', 10_000), ...many(2, 'oppose', 10_000)]);
    expect(r2.passed).toBe(true);
  });
  it('the same ballots pass as ordinary and fail as major (5 of 8 agree)', () => {
    const ballots = [...many(5, 'agree'), ...many(3, 'oppose')];
    expect(countVote(owners('ordinary'), ELECTORATE, ballots).passed).toBe(true);
    expect(countVote(owners('maintenance_fund'), ELECTORATE, ballots).passed).toBe(false);
  });
});

describe('residents’ votes (person or household)', () => {
  const household = { method: 'household' as const, kind: 'matter' as const, matter: 'ordinary' as const, options: MATTER_OPTIONS, seats: 1 };
  it('needs more than half of the electorate to take part and more than half of them to agree', () => {
    expect(countVote(household, { voters: 10, areaCenti: 0 }, many(5, 'agree', 0)).quorum.met).toBe(false);
    expect(countVote(household, { voters: 10, areaCenti: 0 }, many(6, 'agree', 0)).passed).toBe(true);
    expect(countVote(household, { voters: 10, areaCenti: 0 }, [...many(3, 'agree', 0), ...many(3, 'oppose', 0)]).passed).toBe(false);
  });
});

describe('elections', () => {
  const election = (seats: number) => ({
    method: 'person' as const,
    kind: 'election' as const,
    matter: 'ordinary' as const,
    options: [{ key: 'a', label: '甲' }, { key: 'b', label: '乙' }, { key: 'c', label: '丙' }],
    seats,
  });
  it('elects the candidate with more than half of the ballots', () => {
    const r = countVote(election(1), { voters: 10, areaCenti: 0 }, [...many(4, 'a', 0), ...many(2, 'b', 0)]);
    expect(r.elected).toEqual(['a']);
  });
  it('leaves the seat open without a majority, and on a tie', () => {
    expect(countVote(election(1), { voters: 10, areaCenti: 0 }, [...many(3, 'a', 0), ...many(3, 'b', 0)]).elected).toEqual([]);
    const tie = countVote(election(1), { voters: 10, areaCenti: 0 }, Array.from({ length: 6 }, () => ({ choices: ['a', 'b'], areaCenti: 0 })));
    expect(tie).toMatchObject({ elected: [], tie: true });
  });
  it('checks the choices', () => {
    expect(checkChoices(election(1), ['a', 'b'])).toMatch(/at most 1/);
    expect(checkChoices(election(2), ['a', 'a'])).toMatch(/twice/);
    expect(checkChoices(election(2), ['z'])).toMatch(/unknown/);
    expect(checkChoices({ kind: 'matter', options: MATTER_OPTIONS, seats: 1 }, ['agree'])).toBeNull();
  });
});

describe('the ballot chain', () => {
  const VOTE = '00000000-0000-4000-8000-000000000001';
  const content = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ voterKey: null, choices: [i % 2 ? 'oppose' : 'agree'], areaCenti: 100 * (i + 1), channel: null, nonce: newNonce(), castAt: null }));
  const chain = (n: number): ChainedBallot[] => chainBallots(VOTE, content(n));
  it('verifies an untouched chain, and one appended a ballot at a time', () => {
    const c = chain(5);
    expect(verifyChain(VOTE, c, c[4].hash, 5)).toMatchObject({ ok: true, checked: 5 });
    const ballots = content(3);
    const oneByOne = ballots.reduce<ChainedBallot[]>((done, b) => [...done, ...chainBallots(VOTE, [b], done.at(-1)?.hash ?? '', done.length + 1)], []);
    expect(oneByOne).toEqual(chainBallots(VOTE, ballots));
  });
  it('finds an edited choice, an edited area, a removed ballot and a removed last ballot', () => {
    const c = chain(5);
    const edited = c.map((b) => (b.seq === 3 ? { ...b, choices: ['abstain'] } : b));
    expect(verifyChain(VOTE, edited, c[4].hash, 5)).toMatchObject({ ok: false, brokenAt: 3 });
    const area = c.map((b) => (b.seq === 2 ? { ...b, areaCenti: 1 } : b));
    expect(verifyChain(VOTE, area, c[4].hash, 5).brokenAt).toBe(2);
    expect(verifyChain(VOTE, c.filter((b) => b.seq !== 4), c[4].hash, 5).brokenAt).toBe(4);
    expect(verifyChain(VOTE, c.slice(0, 4), c[4].hash, 5).ok).toBe(false);
    // Re-hashing an edited row (its receipt and its link) still breaks the next link.
    const rehashed = c.map((b) => {
      if (b.seq !== 3) return b;
      const receipt = receiptOf(VOTE, { ...b, choices: ['oppose'] });
      return { ...b, choices: ['oppose'], receipt, hash: linkHash(VOTE, 3, b.prevHash, receipt) };
    });
    expect(verifyChain(VOTE, rehashed, c[4].hash, 5).brokenAt).toBe(4);
  });
  it('seals a chain in the order of its receipts, whatever the order of arrival; the receipts stay the same', () => {
    const ballots = content(20);
    const arrived = chainBallots(VOTE, ballots);
    const sealed = sealChain(VOTE, ballots);
    expect(sealChain(VOTE, [...ballots].reverse())).toEqual(sealed);
    expect(sealed.map((b) => b.receipt)).toEqual(arrived.map((b) => b.receipt).sort());
    expect(verifyChain(VOTE, sealed, sealed[19].hash, 20, true)).toMatchObject({ ok: true, checked: 20 });
    // The arrival chain is valid as such, but not as a sealed chain (it is not in receipt order).
    expect(verifyChain(VOTE, arrived, arrived[19].hash, 20).ok).toBe(true);
    expect(verifyChain(VOTE, arrived, arrived[19].hash, 20, true).ok).toBe(false);
  });
  it('finds an edited, a removed and an inserted ballot in a sealed chain', () => {
    const ballots = content(6);
    const sealed = sealChain(VOTE, ballots);
    const head = sealed[5].hash;
    expect(verifyChain(VOTE, sealed.map((b) => (b.seq === 4 ? { ...b, choices: ['abstain'] } : b)), head, 6, true)).toMatchObject({ ok: false, brokenAt: 4 });
    const removed = sealChain(VOTE, ballots.slice(1));
    expect(verifyChain(VOTE, removed, removed[4].hash, 6, true).ok).toBe(false);
    const inserted = sealChain(VOTE, [...ballots, ...content(1)]);
    expect(verifyChain(VOTE, inserted, inserted[6].hash, 6, true).ok).toBe(false);
    expect(verifyChain(VOTE, inserted, head, 7, true).ok).toBe(false);
  });
  it('checks ballots stored before receipts by their old hash, and ballots appended after them', () => {
    const old = content(2).map((b) => ({ ...b, channel: 'paper' }));
    const legacy: ChainedBallot[] = [];
    for (const [i, b] of old.entries()) {
      const prevHash = legacy.at(-1)?.hash ?? '';
      const hash = createHash('sha256')
        .update(JSON.stringify([prevHash, VOTE, i + 1, b.voterKey, b.choices, b.areaCenti, b.channel, b.nonce, b.castAt]))
        .digest('hex');
      legacy.push({ ...b, seq: i + 1, receipt: null, prevHash, hash });
    }
    const chain = [...legacy, ...chainBallots(VOTE, content(1), legacy[1].hash, 3)];
    expect(verifyChain(VOTE, chain, chain[2].hash, 3)).toMatchObject({ ok: true, checked: 3 });
    expect(verifyChain(VOTE, chain.map((b) => (b.seq === 1 ? { ...b, choices: ['abstain'] } : b)), chain[2].hash, 3).brokenAt).toBe(1);
  });
});
