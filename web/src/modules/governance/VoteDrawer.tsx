/** A vote for staff: open, close, appoint, verify the chain; the electorate with paper-ballot entry; the result and the ballots. */
import { App, Button, Descriptions, Drawer, Flex, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { useSaveAction } from './useSaveAction';
import { areaText, useBallots, usePaperBallot, useVote, useVoteAction, useVoters, verifyVote, type Vote } from './governance.api';
import { VoteResult } from './VoteResult';

export function VoteDrawer({ id, canManage, onClose }: { id: string | null; canManage: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const vote = useVote(id);
  const v = vote.data;
  const voters = useVoters(id, !!v && v.status !== 'draft');
  const ballots = useBallots(id, v?.status === 'closed');
  const action = useVoteAction();
  const paper = usePaperBallot();
  const [picked, setPicked] = useState<Record<string, string[]>>({});
  // An open ballot names its voter by key (h:<household>, r:<resident>, o:<household>): shown by the voter's name.
  const voterLabels = new Map((voters.data ?? []).map((x) => [x.voterKey, x.label]));

  const run = useSaveAction();
  const verify = async () => {
    try {
      const c = await verifyVote(id!);
      if (c.ok) message.success(t('vote.chainOk', { n: c.checked }));
      else message.error(t('vote.chainBroken', { n: c.brokenAt ?? 0, reason: c.reason ?? '' }));
    } catch (e) {
      message.error(errorText(e, t, lang));
    }
  };
  const choiceButtons = (row: { voterKey: string }, vt: Vote) =>
    vt.kind === 'matter' ? (
      <Space size={4}>
        {vt.options.map((o) => (
          <Button key={o.key} size="small" data-testid={`paper-${o.key}`} onClick={() => void run(() => paper.mutateAsync({ id: vt.id, voterKey: row.voterKey, choices: [o.key] }))}>
            {o.label}
          </Button>
        ))}
      </Space>
    ) : (
      <Space size={4}>
        <Select
          mode="multiple"
          size="small"
          style={{ minWidth: 140 }}
          maxCount={vt.seats}
          options={vt.options.map((o) => ({ value: o.key, label: o.label }))}
          value={picked[row.voterKey] ?? []}
          onChange={(x) => setPicked({ ...picked, [row.voterKey]: x })}
        />
        <Button size="small" disabled={!picked[row.voterKey]?.length} onClick={() => void run(() => paper.mutateAsync({ id: vt.id, voterKey: row.voterKey, choices: picked[row.voterKey] }))}>
          {t('vote.paper')}
        </Button>
      </Space>
    );

  return (
    <Drawer open={!!id} onClose={onClose} size="large" title={v?.title} destroyOnHidden>
      {v && (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('vote.title')}>{v.title}</Descriptions.Item>
            <Descriptions.Item label={t('vote.scope')}>{v.placeName}</Descriptions.Item>
            <Descriptions.Item label={t('vote.kindLabel')}>
              <Space>
                <Tag>{t(`vote.kind.${v.kind}` as MessageKey)}</Tag>
                <Tag>{t(`vote.method.${v.method}` as MessageKey)}</Tag>
                {v.matter !== 'ordinary' && <Tag color="orange">{t(`vote.matter.${v.matter}` as MessageKey)}</Tag>}
                {v.secret && <Tag color="purple">{t('vote.secret')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('gov.status')}>
              <Tag data-testid="vote-status">{t(`vote.status.${v.status}` as MessageKey)}</Tag> {t('vote.turnout', { p: v.participation.voters, e: v.electorate.voters })}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {canManage && v.status === 'draft' && (
              <Button type="primary" onClick={() => void run(() => action.mutateAsync({ id: v.id, action: 'open' }))}>
                {t('vote.open')}
              </Button>
            )}
            {canManage && v.status === 'open' && (
              <Popconfirm title={t('vote.close')} onConfirm={() => void run(() => action.mutateAsync({ id: v.id, action: 'close' }))}>
                <Button type="primary" danger>
                  {t('vote.close')}
                </Button>
              </Popconfirm>
            )}
            {canManage && v.status === 'closed' && v.appointTeamId && !v.appointedAt && (
              <Button onClick={() => void run(() => action.mutateAsync({ id: v.id, action: 'appoint' }))}>{t('vote.appoint')}</Button>
            )}
            {v.status !== 'draft' && <Button onClick={() => void verify()}>{t('vote.verify')}</Button>}
          </Space>
          <VoteResult vote={v} />
          {v.status !== 'draft' && (
            <>
              <Typography.Title level={5}>{t('vote.voters')}</Typography.Title>
              <Table
                size="small"
                rowKey="voterKey"
                loading={voters.isLoading}
                dataSource={voters.data ?? []}
                pagination={{ pageSize: 10 }}
                data-testid="voters-table"
                columns={[
                  { title: t('owners.owner'), dataIndex: 'label' },
                  ...(v.method === 'owners' ? [{ title: t('owners.area'), dataIndex: 'areaCenti', render: (a: number) => areaText(a) }] : []),
                  {
                    title: t('vote.voted'),
                    render: (_: unknown, row: { voted: boolean; channel: string | null; voterKey: string }) =>
                      row.voted ? (
                        <Tag color="green">
                          {t('vote.voted')} · {t(`vote.channel.${row.channel ?? 'online'}` as MessageKey)}
                        </Tag>
                      ) : canManage && v.status === 'open' ? (
                        choiceButtons(row, v)
                      ) : (
                        <Tag>{t('vote.notVoted')}</Tag>
                      ),
                  },
                ]}
              />
            </>
          )}
          {v.status === 'closed' && (
            <>
              <Typography.Title level={5}>{t('vote.ballots')}</Typography.Title>
              <Table
                size="small"
                rowKey="seq"
                data-testid="ballots-table"
                dataSource={ballots.data ?? []}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: '#', dataIndex: 'seq', width: 50 },
                  { title: t('vote.cast'), dataIndex: 'choices', render: (c: string[]) => c.map((k) => v.options.find((o) => o.key === k)?.label ?? k).join('、') },
                  { title: t('vote.voter'), dataIndex: 'voterKey', render: (k: string | null) => (k === null ? t('vote.secret') : (voterLabels.get(k) ?? k)) },
                  { title: t('vote.hash'), dataIndex: 'hash', render: (h: string) => <Typography.Text code>{h.slice(0, 16)}…</Typography.Text> },
                ]}
              />
            </>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
