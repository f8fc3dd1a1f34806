import { makePolicy } from '../../platform/access.js';

/** API keys of the Open311 interface are the city's to issue and revoke. */
export const open311Policy = makePolicy({
  'apikey.manage': ['city_admin'],
});
