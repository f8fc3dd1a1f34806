/** `linli api-key create --name <n>` (the key alone on the last line) and `linli api-key revoke <n>`. */
import { UsageError, withDatabase, type Command } from '../../platform/cli.js';

export const open311Commands: Record<string, Command> = {
  'api-key': {
    usage:
      'linli api-key create --name <name> | linli api-key revoke <name>\n' +
      '  Issue an API key of the Open311 interface (/open311/v2) for another system, e.g. the 12345 hotline:\n' +
      '  the key is printed once, alone on the last line (only its hash is kept). revoke ends the live key of that name.',
    options: { name: { type: 'string' } },
    positionals: true,
    run: async (v, positionals) => {
      const [sub, ...rest] = positionals;
      if (sub === 'create') {
        if (rest.length) throw new UsageError(`unexpected: ${rest.join(' ')}`);
        if (typeof v.name !== 'string' || !v.name.trim()) throw new UsageError('--name is required');
        const name = v.name;
        return withDatabase(async ({ database }) => {
          const { issueApiKey } = await import('./api-keys.service.js');
          const { apiKey, key } = await issueApiKey(database.db, name, { userId: null });
          console.log(`issued API key "${apiKey.name}" (${apiKey.keyPrefix}…); store it now, it is not shown again:`);
          console.log(key);
        });
      }
      if (sub === 'revoke') {
        const name = rest.length === 1 ? rest[0] : typeof v.name === 'string' ? v.name : undefined;
        if (!name || rest.length > 1) throw new UsageError('give the name of the key: linli api-key revoke <name>');
        return withDatabase(async ({ database }) => {
          const { revokeApiKeyNamed } = await import('./api-keys.service.js');
          const key = await revokeApiKeyNamed(database.db, name);
          console.log(`revoked API key "${key.name}" (${key.keyPrefix}…)`);
        });
      }
      throw new UsageError(sub ? `unknown: ${sub}; create or revoke` : 'what? create or revoke');
    },
  },
};
