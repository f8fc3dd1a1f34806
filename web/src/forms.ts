/** Server errors on forms: each `fields[].field` goes under the form field of the same name. */
import type { FormInstance } from 'antd';
import { ApiError, localiseMessage } from './api';
import type { Lang, MessageKey } from './i18n';

/** Chinese text for answers a form expects, by field (the API's field messages are English). */
export type KnownFieldErrors = Record<string, MessageKey>;

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * Puts the error's field messages on the form fields they name (`aliases`: API name → form name); returns the text of whatever did not land on
 * a field (for a message toast), or null when every part of it did.
 */
export function showFormError(
  form: FormInstance,
  error: unknown,
  t: T,
  lang: Lang,
  { fields, known = {}, aliases = {} }: { fields: readonly string[]; known?: KnownFieldErrors; aliases?: Record<string, string> },
): string | null {
  if (!(error instanceof ApiError)) return (error as Error)?.message ?? String(error);
  const leftover: string[] = [];
  const onFields: { name: string; errors: string[] }[] = [];
  for (const f of error.fields ?? []) {
    const top = f.field.split('.')[0];
    const name = aliases[top] ?? top;
    const text = known[f.field] ? t(known[f.field]) : fieldText(f.message, t, lang);
    if (fields.includes(name)) onFields.push({ name, errors: [text] });
    else leftover.push(text);
  }
  if (onFields.length) form.setFields(onFields);
  if (onFields.length && !leftover.length) return null;
  if (leftover.length) return leftover.join('；');
  return errorText(error, t, lang);
}

/** One line for a failed call: the API's message in the UI's language where it has one. */
export function errorText(error: unknown, t: T, lang: Lang): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('error.NETWORK');
    if (error.status === 403) return t('error.FORBIDDEN.detail');
    if (error.status === 404) return t('error.NOT_FOUND.detail');
    if (error.code === 'CONFLICT' && lang === 'zh-CN' && !/[\u4e00-\u9fff]/.test(error.message)) return t('form.conflict');
    return localiseMessage(error.message, lang);
  }
  return (error as Error)?.message ?? String(error);
}

/** Field messages in Chinese when the API sent one, else a Chinese lead-in with the detail. */
function fieldText(message: string, t: T, lang: Lang): string {
  if (/[\u4e00-\u9fff]/.test(message)) return localiseMessage(message, lang);
  return lang === 'zh-CN' ? t('form.invalid', { detail: message }) : message;
}
