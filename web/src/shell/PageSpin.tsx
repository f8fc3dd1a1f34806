import { Flex, Spin } from 'antd';
import { useI18n } from '../i18n';

/** A page-sized spinner with the loading text. */
export function PageSpin() {
  const { t } = useI18n();
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240 }}>
      <Spin description={t('common.loading')} />
    </Flex>
  );
}
