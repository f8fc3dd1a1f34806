/** A staff action on a governance page: runs it, then says 已保存 (unless `quiet`: the action shows its own outcome) or what went wrong. */
import { App } from 'antd';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';

export function useSaveAction() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  return async (fn: () => Promise<unknown>, opts: { quiet?: boolean } = {}) => {
    try {
      await fn();
      if (!opts.quiet) message.success(t('vote.saved'));
    } catch (e) {
      message.error(errorText(e, t, lang));
    }
  };
}
