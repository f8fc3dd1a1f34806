/**
 * A vote for staff: open, close, appoint, verify the chain; the electorate with paper-ballot entry (an
 * open vote: the named ballot in one step; a secret vote: the hand-in here, the ballot in the box); the
 * result and the ballots.
 */
import { App, Button, Descriptions, Drawer, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { errorText } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { useSaveAction } from './useSaveAction';
import { areaText, useBallots, useHandIn, usePaperBallot, useVote, useVoteAction, useVoters, verifyVote, type Voter } from './governance.api';
import { BallotBox } from './BallotBox';
import { ChoicePicker } from './ChoicePicker';
import { VoteResult } from './VoteResult';

export function VoteDrawer({ id, canManage, onClose }: { id: string | null; canManage: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const vote = useVote(id);
  const v = vote.data;
  const voters = useVoters(id, !!v && v.status !== 'draft');
  const ballots = useBallots(id, v?.status === 'closed');
  const action = useVoteAction();
  const paper = usePaperBallot();
  const handIn = useHandIn();
  // An open ballot names its voter by key (r:<resident>, h:<random>): shown by the voter's name.
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
  /** An owners' secret vote answers a hand-in with the paper's number, shown once (no other notice over it): the clerk writes it on the ballot paper. */
  const markHandedIn = (voteId: string, voterKey: string, owners: boolean) =>
    void run(
      async () => {
        const { paperNo } = await handIn.mutateAsync({ id: voteId, voterKey });
        if (!paperNo) return;
        modal.info({
          title: t('vote.paperNo'),
          content: (
            <Flex vertical>
              <Typography.Title level={2} copyable data-testid="paper-no">
                {paperNo}
              </Typography.Title>
              <Typography.Text>{t('vote.paperNoHint')}</Typography.Text>
            </Flex>
          ),
        });
      },
      { quiet: owners },
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
          {canManage && v.secret && v.status === 'open' && <BallotBox vote={v} />}
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
                    render: (_: unknown, row: Voter) =>
                      row.voted ? (
                        <Tag color="green">
                          {t('vote.voted')} · {t(`vote.channel.${row.channel ?? 'online'}` as MessageKey)}
                        </Tag>
                      ) : canManage && v.status === 'open' ? (
                        v.secret ? (
                          <Button size="small" data-testid="hand-in" disabled={handIn.isPending} onClick={() => markHandedIn(v.id, row.voterKey, v.method === 'owners')}>
                            {t('vote.handIn')}
                          </Button>
                        ) : (
                          <ChoicePicker vote={v} testId="paper" enterLabel={t('vote.paper')} onPick={(choices) => void run(() => paper.mutateAsync({ id: v.id, voterKey: row.voterKey, choices }))} />
                        )
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
                  {
                    title: t('vote.cast'),
                    dataIndex: 'choices',
                    render: (c: string[]) => (c.length ? c.map((k) => v.options.find((o) => o.key === k)?.label ?? k).join('、') : t('vote.spoilt')),
                  },
                  { title: t('vote.voter'), dataIndex: 'voterKey', render: (k: string | null) => (k === null ? t('vote.secret') : (voterLabels.get(k) ?? k)) },
                  { title: t('vote.receiptHash'), dataIndex: 'receipt', render: (h: string) => <Typography.Text code>{h.slice(0, 16)}…</Typography.Text> },
                ]}
              />
            </>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
