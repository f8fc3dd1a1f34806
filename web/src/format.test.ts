import { describe, expect, it } from 'vitest';
import { formatCoordinates, formatDateTime } from './format';

describe('formatDateTime', () => {
  it('shows Beijing time whatever the machine zone is', () => {
    expect(formatDateTime('2026-11-22T00:10:06.337Z')).toBe('2026-11-22 08:10:06');
    expect(formatDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00');
  });
  it('gives back what is not a date', () => {
    expect(formatDateTime('soon')).toBe('soon');
  });
});

describe('formatCoordinates', () => {
  it('rounds to four places and is null without a point', () => {
    expect(formatCoordinates(39.32671, 112.4279)).toBe('39.3267, 112.4279');
    expect(formatCoordinates(null, 112)).toBeNull();
  });
});
