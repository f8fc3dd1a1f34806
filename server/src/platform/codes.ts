/** Random codes people read aloud and type from paper (notice receipts, ballot-paper numbers). */
import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `groups` groups of four random characters joined by dashes: XXXX-XXXX. */
export function readableCode(groups: number): string {
  return Array.from({ length: groups }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
}

/** A typed code in its stored form: upper case, grouped by four with dashes (spaces and dashes typed anywhere are ignored). */
export function normaliseCode(typed: string): string {
  const bare = typed.toUpperCase().replace(/[\s-]/g, '');
  return bare.match(/.{1,4}/g)?.join('-') ?? '';
}
