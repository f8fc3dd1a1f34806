/** 党员名册: members under the place, filtered by status and where membership is kept; edit and remove. */
import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { MembershipModal } from './MembershipModal';
import { MemberStatsChart } from './MemberStatsChart';
import { useAllPartyMembers, usePartyMembers, useRemoveMembership, type MemberKept, type MemberStatus, type PartyMember } from './partyMembers.api';

export function MemberRoster({ place, canManage }: { place: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<MemberStatus>();
  const [kept, setKept] = useState<MemberKept>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<PartyMember | 'new' | null>(null);
  const roster = usePartyMembers({ place, status, kept, page, pageSize });
  const all = useAllPartyMembers(place);
  const remove = useRemoveMembership();
  const rows = roster.data ?? [];
  // No total from the API: a full page means there may be another.
  const total = (page - 1) * pageSize + rows.length + (rows.length === pageSize ? 1 : 0);

  const removeOne = async (m: PartyMember) => {
    try {
      await remove.mutateAsync(m.residentId);
      void message.success(t('members.removed', { name: m.name }));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  if (roster.error) return <ErrorView error={roster.error} onRetry={() => void roster.refetch()} />;
  return (
    <div>
      <MemberStatsChart members={all.data?.members ?? []} truncated={all.data?.truncated ?? false} loading={all.isLoading} />
      {all.error && <Typography.Text type="danger">{errorText(all.error, t, lang)}</Typography.Text>}
      <Flex gap={8} wrap justify="space-between" className="roster-toolbar">
        <Flex gap={8} wrap>
          <Select<MemberStatus>
            allowClear
            style={{ width: 140 }}
            placeholder={t('members.status')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: 'full', label: t('members.status.full') },
              { value: 'probationary', label: t('members.status.probationary') },
            ]}
          />
          <Select<MemberKept>
            allowClear
            style={{ width: 180 }}
            placeholder={t('members.kept')}
            value={kept}
            onChange={(v) => {
              setKept(v);
              setPage(1);
            }}
            options={[
              { value: 'community', label: t('members.kept.community') },
              { value: 'elsewhere', label: t('members.kept.elsewhere') },
            ]}
          />
        </Flex>
        {canManage && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setEditing('new')}>
            {t('members.add')}
          </Button>
        )}
      </Flex>
      <div data-testid="member-roster">
        <Table<PartyMember>
          rowKey="residentId"
          size="middle"
          loading={roster.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('members.none') }}
          pagination={{
            current: page,
            pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: () => t('members.pageOf', { from: rows.length ? (page - 1) * pageSize + 1 : 0, to: (page - 1) * pageSize + rows.length }),
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
          columns={[
            { title: t('household.name'), dataIndex: 'name' },
            { title: t('household.gender'), dataIndex: 'gender' },
            {
              title: t('members.status'),
              dataIndex: 'status',
              render: (s: MemberStatus) => <Tag color={s === 'full' ? 'red' : 'orange'}>{t(`members.status.${s}`)}</Tag>,
            },
            { title: t('members.joinDate'), dataIndex: 'joinDate', render: (d: string | null) => d ?? t('common.none') },
            {
              title: t('members.kept'),
              key: 'kept',
              render: (_, m) =>
                m.membershipKept === 'community' ? (
                  <Tag color="blue">{t('members.kept.community')}</Tag>
                ) : (
                  <span>
                    <Tag>{t('members.kept.elsewhere')}</Tag>
                    {m.membershipOrg}
                  </span>
                ),
            },
            {
              title: t('members.household'),
              dataIndex: 'householdCode',
              render: (code: string) => (
                <Link to={`/org/${code}`} className="code">
                  {code}
                </Link>
              ),
            },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, m: PartyMember) => (
                      <Flex gap={4}>
                        <Button size="small" type="link" onClick={() => setEditing(m)}>
                          {t('common.edit')}
                        </Button>
                        <Popconfirm
                          title={t('members.removeConfirm', { name: m.name })}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => removeOne(m)}
                        >
                          <Button size="small" type="link" danger>
                            {t('members.remove')}
                          </Button>
                        </Popconfirm>
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      {editing && <MembershipModal member={editing === 'new' ? undefined : editing} root={place} onClose={() => setEditing(null)} />}
    </div>
  );
}
