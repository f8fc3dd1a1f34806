/** How a failed load looks: forbidden and not-found get their own page, the rest a retry. */
import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { ApiError, localiseMessage } from '../api';
import { useI18n } from '../i18n';

export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const api = error instanceof ApiError ? error : null;
  const home = (
    <Link to="/" key="home">
      <Button type="primary">{t('common.backHome')}</Button>
    </Link>
  );
  if (api?.status === 403) {
    return <Result status="403" title={t('error.FORBIDDEN')} subTitle={t('error.FORBIDDEN.detail')} extra={home} />;
  }
  if (api?.status === 404) {
    return <Result status="404" title={t('error.NOT_FOUND')} subTitle={t('error.NOT_FOUND.detail')} extra={home} />;
  }
  const message =
    api?.code === 'NETWORK' ? t('error.NETWORK') : localiseMessage((error as Error)?.message ?? String(error), lang);
  return (
    <Result
      status="error"
      title={t('error.generic')}
      subTitle={
        <>
          {message}
          {api?.requestId && (
            <div>
              {t('common.requestId')}: {api.requestId}
            </div>
          )}
        </>
      }
      extra={onRetry && (
        <Button onClick={onRetry} key="retry">
          {t('common.retry')}
        </Button>
      )}
    />
  );
}
