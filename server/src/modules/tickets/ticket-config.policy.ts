import { makePolicy, type Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';

/** The ticket loop's configuration (categories, the holiday table) is kept by city admins; everyone signed in reads it. */
export const ticketConfigPolicy = makePolicy({
  'ticketConfig.manage': ['city_admin'],
});

/** Throws 403 unless the actor is a city admin granted on the city itself (not on a county below it). */
export function authorizeConfigManage(actor: Actor): void {
  if (!ticketConfigPolicy.scopeOf(actor, 'ticketConfig.manage').some((code) => code.length <= 4)) throw errors.forbidden('ticketConfig.manage');
}
