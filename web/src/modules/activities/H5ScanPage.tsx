/**
 * 扫码签到 (H5): the page the leader's QR code opens on a resident's phone (/h5/scan?t=…). It sends the
 * code once and says what happened: checked in, checked out, or why not (expired, used, not signed up).
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Result } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { PageSpin } from '../../shell/PageSpin';
import { useScan, type Activity, type Signup } from './activities.api';

export function H5ScanPage() {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('t');
  const scan = useScan();
  const sent = useRef<string | null>(null);
  const [done, setDone] = useState<{ activity: Activity; signup: Signup } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    // Once per code, even under StrictMode's double effects: a second send would be refused as a replay.
    if (!token || sent.current === token) return;
    sent.current = token;
    scan.mutateAsync(token).then(setDone, setError);
  }, [token, scan]);
  const back = (
    <Link to="/h5/activities" key="back">
      <Button>{t('activities.scan.back')}</Button>
    </Link>
  );
  let body;
  if (!token) body = <Result status="info" title={t('activities.scan.title')} subTitle={t('activities.scan.none')} extra={back} />;
  else if (error) body = <Result status="error" title={t('activities.scan.failed')} subTitle={errorText(error, t, lang)} extra={back} />;
  else if (!done) body = <PageSpin />;
  else {
    const out = !!done.signup.checkedOutAt;
    body = (
      <Result
        status="success"
        title={out ? t('activities.scan.out') : t('activities.scan.in')}
        subTitle={`${done.activity.title} · ${formatDateTime((out ? done.signup.checkedOutAt : done.signup.checkedInAt)!)}`}
        extra={back}
      />
    );
  }
  return (
    <div className="page h5-page" data-testid="h5-scan-page">
      {body}
    </div>
  );
}
