/** 议题 for staff: the community's proposals with their supports, the threshold, and closing them. */
import { Button, Flex, Input, InputNumber, Popover, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { useSaveAction } from './useSaveAction';
import { useProposalAction, useProposals, useSetThreshold, useSettings, type Proposal } from './governance.api';

export const PROPOSAL_COLORS: Record<string, string> = { collecting: 'default', accepted: 'gold', deliberating: 'blue', voting: 'purple', decided: 'green', rejected: 'red' };

export function ProposalsTab({ community, canManage }: { community: string; canManage: boolean }) {
  const { t } = useI18n();
  const proposals = useProposals(community);
  const settings = useSettings(community);
  const setThreshold = useSetThreshold();
  const act = useProposalAction();
  const [threshold, setValue] = useState<number | null>(null);
  const [outcome, setOutcome] = useState('');

  const run = useSaveAction();
  const decide = (p: Proposal, status: 'decided' | 'rejected') => (
    <Popover
      trigger="click"
      content={
        <Space.Compact>
          <Input placeholder={t('proposal.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value)} />
          <Button type="primary" onClick={() => void run(() => act.mutateAsync({ kind: 'decide', id: p.id, status, outcome }))}>
            {t('common.save')}
          </Button>
        </Space.Compact>
      }
    >
      <Button size="small" danger={status === 'rejected'}>
        {t(status === 'decided' ? 'proposal.decide' : 'proposal.reject')}
      </Button>
    </Popover>
  );

  return (
    <Flex vertical gap={12}>
      <Space>
        <Typography.Text>{t('proposal.threshold')}</Typography.Text>
        <InputNumber min={1} max={10000} value={threshold ?? settings.data?.supportThreshold} onChange={(v) => setValue(v)} disabled={!canManage} />
        {canManage && (
          <Button onClick={() => threshold && void run(() => setThreshold.mutateAsync({ community, supportThreshold: threshold }))} disabled={!threshold}>
            {t('common.save')}
          </Button>
        )}
      </Space>
      <Table<Proposal>
        rowKey="id"
        size="small"
        loading={proposals.isLoading}
        dataSource={proposals.data ?? []}
        data-testid="proposals-table"
        expandable={{ expandedRowRender: (p) => <Typography.Paragraph>{p.body}{p.outcome && <><br /><b>{t('proposal.outcome')}：</b>{p.outcome}</>}</Typography.Paragraph> }}
        columns={[
          { title: t('proposal.title'), dataIndex: 'title' },
          { title: t('proposal.author', { name: '' }).trim(), dataIndex: 'authorName' },
          { title: t('proposal.support'), render: (_, p) => t('proposal.supports', { n: p.supportCount, t: p.threshold }) },
          { title: t('gov.status'), render: (_, p) => <Tag color={PROPOSAL_COLORS[p.status]}>{t(`proposal.status.${p.status}` as MessageKey)}</Tag> },
          {
            title: '',
            render: (_, p) =>
              canManage && !['voting', 'decided', 'rejected'].includes(p.status) ? (
                <Space>
                  {decide(p, 'decided')}
                  {decide(p, 'rejected')}
                </Space>
              ) : null,
          },
        ]}
      />
    </Flex>
  );
}
