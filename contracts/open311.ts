/** API keys of the Open311 GeoReport v2 interface (/open311/v2), kept by the city admin. */
import { Type, type Static } from 'typebox';

export const ApiKeySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    /** The first characters of the key, to tell keys apart; the key itself is shown once. */
    keyPrefix: Type.String(),
    createdAt: Type.String(),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
    lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ApiKey = Static<typeof ApiKeySchema>;

export const CreateApiKeyBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 60, description: 'who uses it, e.g. 12345热线' }) }, { additionalProperties: false });

export const IssuedApiKey = Type.Object(
  { apiKey: ApiKeySchema, key: Type.String({ description: 'shown once: store it now' }) },
  { additionalProperties: false },
);
