/** English text of the Open311 API keys page, joined into en.ts; every key of open311.zh-CN.ts, checked by the type. */
import type { open311ZhCN } from './open311.zh-CN';

export const open311En: Record<keyof typeof open311ZhCN, string> = {
  'nav.apiKeys': 'Open API',
  'apikeys.title': 'Open311 API keys',
  'apikeys.intro': 'Other systems (the 12345 hotline, citizen apps) submit and read requests through the Open311 GeoReport v2 interface; submitting needs a key.',
  'apikeys.issue': 'Issue a key',
  'apikeys.name': 'Used by',
  'apikeys.nameRequired': 'Name who uses it',
  'apikeys.namePlaceholder': 'e.g. 12345 hotline',
  'apikeys.create': 'Issue',
  'apikeys.prefix': 'Key starts',
  'apikeys.createdAt': 'Issued',
  'apikeys.lastUsedAt': 'Last used',
  'apikeys.state': 'State',
  'apikeys.stateLive': 'Live',
  'apikeys.stateRevoked': 'Revoked',
  'apikeys.revoke': 'Revoke',
  'apikeys.revokeConfirm': 'Revoke the key of "{name}"? That system can no longer submit requests.',
  'apikeys.revoked': 'Revoked the key of "{name}"',
  'apikeys.issuedTitle': 'Key of "{name}"',
  'apikeys.onlyOnce': 'The key is shown only this once: copy it now and keep it safe.',
};
