/** What to tell someone whose action failed: a 409 means the ticket moved on (say what can be done now). */
import { ApiError } from '../../api';
import { errorText } from '../../forms';
import type { Lang, MessageKey } from '../../i18n';
import type { TicketAction } from './tickets.api';
import { ACTIONS } from './vocab';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The actions a 409 names ("allowed: accept, return"). */
export function allowedFromConflict(error: ApiError): TicketAction[] {
  const line = error.fields?.find((f) => f.field === 'action')?.message ?? '';
  const m = /^allowed:\s*(.*)$/.exec(line);
  if (!m) return [];
  return m[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is TicketAction => (ACTIONS as readonly string[]).includes(s));
}

/** One line for a failed action, in the UI's language. */
export function actionErrorText(error: unknown, t: T, lang: Lang): string {
  if (error instanceof ApiError && error.status === 409) {
    if (error.fields?.some((f) => f.field === 'version')) return t('tickets.conflict.changed');
    const allowed = allowedFromConflict(error);
    if (allowed.length || error.fields?.some((f) => f.field === 'action')) {
      return allowed.length
        ? t('tickets.conflict.moved', { actions: allowed.map((a) => t(`tickets.action.${a}`)).join(lang === 'en' ? ', ' : '、') })
        : t('tickets.conflict.movedNone');
    }
  }
  return errorText(error, t, lang);
}
