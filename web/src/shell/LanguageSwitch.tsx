import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/** 中文 ⇄ English, remembered in localStorage. */
export function LanguageSwitch({ size }: { size?: 'small' | 'middle' }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Button
      type="text"
      size={size}
      icon={<GlobalOutlined />}
      title={t('lang.switchTitle')}
      aria-label={t('lang.switchTitle')}
      onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
      data-testid="lang-switch"
    >
      {t('lang.switch')}
    </Button>
  );
}
