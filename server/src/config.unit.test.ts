import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toMatch(/data$/);
    expect(c.timezone).toBe('Asia/Shanghai');
  });

  it.each([
    ['PORT', '-1'],
    ['DATABASE_POOL_SIZE', '0'],
    ['SESSION_TTL_HOURS', '1.5'],
    ['TZ_DISPLAY', 'Mars/Olympus'],
    ['SEED_DEMO', 'perhaps'],
  ])('names the variable in the error: %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('every variable is in the README table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [name] of CONFIG_VARIABLES) expect(readme).toContain(`| \`${name}\` |`);
  });
});
