/** 登录: username and password; the API's own message on failure (wrong password, locked, too many tries). */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useSearchParams } from 'react-router';
import { ApiError, localiseMessage } from '../../api';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { PageSpin } from '../../shell/PageSpin';
import { homePathFor } from './roles';
import { useLogin, useSession } from './session';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in (no open redirect to //evil.example). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const { t, lang } = useI18n();
  const { me, isLoading } = useSession();
  const login = useLogin();
  const [params] = useSearchParams();
  const [error, setError] = useState<ApiError | Error | null>(null);
  const next = safeNext(params.get('next'));

  if (isLoading) return <PageSpin />;
  // Signed in (already, or just now): the route guards send a resident who followed a staff link on to /h5.
  if (me) return <Navigate to={next ?? homePathFor(me)} replace />;

  const submit = (values: LoginForm) => {
    setError(null);
    login.mutate(values, { onError: (e) => setError(e) });
  };

  const errorText =
    error instanceof ApiError && error.code === 'NETWORK'
      ? t('error.NETWORK')
      : error
        ? localiseMessage(error.message, lang)
        : null;

  return (
    <Flex vertical align="center" justify="center" className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <Typography.Title level={2} className="login-title">
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="login-subtitle">
          {t('app.subtitle')}
        </Typography.Paragraph>
        <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item
            label={t('auth.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
          </Form.Item>
          <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          {errorText && <Alert type="error" title={errorText} showIcon className="login-error" role="alert" />}
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('auth.submit')}
          </Button>
        </Form>
      </Card>
      <Link to="/public" className="login-public" data-testid="public-link">
        {t('public.title')} →
      </Link>
    </Flex>
  );
}
