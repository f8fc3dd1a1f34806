/** A staff action on a governance page: runs it, then says 已保存 or what went wrong. */
import { App } from 'antd';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';

export function useSaveAction() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  return async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('vote.saved'));
    } catch (e) {
      message.error(errorText(e, t, lang));
    }
  };
}
