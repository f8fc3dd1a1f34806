/** Disclosure posts as cards: kind, period, body, the funds ledger with totals, attachments and a vote's result. */
import { Button, Card, Descriptions, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { useI18n, type MessageKey } from '../../i18n';
import type { Disclosure } from './governance.api';
import { AttachmentUpload } from './AttachmentUpload';

const money = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function DisclosureList({ posts, onArchive, canAttach = false }: { posts: Disclosure[]; onArchive?: (id: string) => void; canAttach?: boolean }) {
  const { t } = useI18n();
  if (!posts.length) return <Empty />;
  return (
    <Flex vertical gap={12} data-testid="disclosure-list">
      {posts.map((p) => (
        <Card
          key={p.id}
          size="small"
          data-testid="disclosure-card"
          title={
            <Space wrap>
              <Tag color={p.kind === 'finance' ? 'gold' : p.kind === 'party' ? 'red' : 'blue'}>{t(`disclosure.kind.${p.kind}` as MessageKey)}</Tag>
              {p.title}
            </Space>
          }
          extra={
            <Space>
              <Typography.Text type="secondary">{p.period}</Typography.Text>
              {onArchive && !p.archivedAt && (
                <Button size="small" onClick={() => onArchive(p.id)}>
                  {t('disclosure.archive')}
                </Button>
              )}
            </Space>
          }
        >
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.body}</Typography.Paragraph>
          {p.vote && (
            <Descriptions size="small" column={1} bordered data-testid="disclosed-vote">
              <Descriptions.Item label={t('vote.title')}>{p.vote.title}</Descriptions.Item>
              <Descriptions.Item label={t('proposal.outcome')}>
                <Tag color={p.vote.passed || p.vote.elected.length ? 'green' : 'red'}>
                  {!p.vote.quorumMet ? t('vote.quorumFailed') : p.vote.elected.length ? t('vote.elected', { names: p.vote.elected.join('、') }) : p.vote.passed ? t('vote.passed') : t('vote.failed')}
                </Tag>
                {t('vote.turnout', { p: p.vote.participation, e: p.vote.electorate })}
              </Descriptions.Item>
              <Descriptions.Item label={t('vote.cast')}>{p.vote.options.map((o) => `${o.label} ${o.votes}`).join('，')}</Descriptions.Item>
            </Descriptions>
          )}
          {p.ledger.length > 0 && (
            <Table
              size="small"
              rowKey={(l) => `${l.occurredOn}${l.item}`}
              pagination={false}
              dataSource={p.ledger}
              scroll={{ x: true }}
              columns={[
                { title: t('disclosure.date'), dataIndex: 'occurredOn' },
                { title: t('disclosure.item'), dataIndex: 'item' },
                { title: t('disclosure.income'), dataIndex: 'income', align: 'right', render: (n: number) => (n ? money(n) : '') },
                { title: t('disclosure.expense'), dataIndex: 'expense', align: 'right', render: (n: number) => (n ? money(n) : '') },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    {t('disclosure.balance')} {money(p.totals.balance)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {money(p.totals.income)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {money(p.totals.expense)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          )}
          {p.attachments.length > 0 && (
            <Space wrap style={{ marginTop: 8 }} data-testid="attachments">
              <Typography.Text type="secondary">{t('disclosure.attachments')}：</Typography.Text>
              {p.attachments.map((a) => (
                <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
                  {a.fileName}
                </a>
              ))}
            </Space>
          )}
          {canAttach && !p.archivedAt && (
            <div style={{ marginTop: 8 }}>
              <AttachmentUpload postId={p.id} />
            </div>
          )}
        </Card>
      ))}
    </Flex>
  );
}
