/** 首页: who I am and my roles with the places or grids they cover. */
import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Grant } from '../../../contracts/roles';
import { useI18n } from '../i18n';
import { useMe } from '../modules/identity/session';

export function HomePage() {
  const me = useMe();
  const { t } = useI18n();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('auth.welcome', { name: me.user.displayName })}</Typography.Title>
      <Card title={t('home.whoAmI')} className="block">
        <Descriptions column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('home.displayName')}>{me.user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('home.username')}>{me.user.username}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('home.roles')} className="block">
        <Table<Grant>
          rowKey="id"
          dataSource={me.grants}
          pagination={false}
          locale={{ emptyText: t('home.noRoles') }}
          data-testid="my-roles"
          columns={[
            {
              title: t('home.role'),
              dataIndex: 'role',
              render: (role: Grant['role']) => <Tag color="red">{t(`role.${role}`)}</Tag>,
            },
            {
              title: t('home.scope'),
              key: 'scope',
              render: (_, g) => (
                <>
                  <Tag>{t(`home.scopeKind.${g.scopeKind}`)}</Tag>
                  {g.scopeName}
                  <Typography.Text type="secondary" className="code">
                    {g.scopeCode}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: '',
              key: 'open',
              align: 'right',
              render: (_, g) =>
                g.role === 'resident' ? (
                  <Link to="/h5">{t('nav.myHome')}</Link>
                ) : (
                  // A grid is a set of buildings, not a place: its buildings are the roots of /org.
                  <Link to={g.scopeKind === 'grid' ? '/org' : `/org/${g.scopeCode}`}>{t('home.open')}</Link>
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
