/** 议事 (H5, residents): proposals to raise and support, votes to cast, the convention to acknowledge, and the community's disclosure. */
import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, Radio, Rate, Segmented, Space, Tag, Typography, Checkbox } from 'antd';
import { useAssessmentAction, useSurveys } from './assessment.api';
import { errorText } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { useMe } from '../identity/session';
import { DisclosureList } from './DisclosureList';
import { useCast, useConventionAction, useConventions, useDisclosures, useProposalAction, useProposals, useVotes, type Vote } from './governance.api';
import { PROPOSAL_COLORS } from './ProposalsTab';
import { VoteResult } from './VoteResult';

type Section = 'proposals' | 'votes' | 'convention' | 'disclosure' | 'survey';

function VoteCard({ v }: { v: Vote }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const cast = useCast();
  const [choices, setChoices] = useState<string[]>([]);
  const [receipt, setReceipt] = useState<string | null>(null);
  const send = async () => {
    try {
      const r = await cast.mutateAsync({ id: v.id, choices });
      setReceipt(r.hash);
    } catch (e) {
      message.error(errorText(e, t, lang));
    }
  };
  return (
    <Card size="small" title={v.title} extra={<Tag>{t(`vote.status.${v.status}` as MessageKey)}</Tag>} data-testid="h5-vote">
      {v.description && <Typography.Paragraph>{v.description}</Typography.Paragraph>}
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        <Tag>{t(`vote.method.${v.method}` as MessageKey)}</Tag>
        {v.secret && <Tag color="purple">{t('vote.secret')}</Tag>}
        <Typography.Text type="secondary">{t('vote.turnout', { p: v.participation.voters, e: v.electorate.voters })}</Typography.Text>
      </Space>
      {v.status === 'open' &&
        (!v.mine.eligible ? (
          <Typography.Text type="secondary">{t('vote.notEligible')}</Typography.Text>
        ) : v.mine.voted ? (
          <Flex vertical>
            <Tag color="green">{t('vote.youVoted')}</Tag>
            {receipt && (
              <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }} data-testid="vote-receipt">
                {t('vote.receipt')}
                {receipt}
              </Typography.Text>
            )}
          </Flex>
        ) : (
          <Flex vertical gap={8}>
            {v.kind === 'matter' ? (
              <Radio.Group value={choices[0]} onChange={(e) => setChoices([e.target.value])} options={v.options.map((o) => ({ value: o.key, label: o.label }))} />
            ) : (
              <Checkbox.Group value={choices} onChange={(x) => setChoices((x as string[]).slice(0, v.seats))} options={v.options.map((o) => ({ value: o.key, label: o.label }))} />
            )}
            <Button type="primary" block disabled={!choices.length} loading={cast.isPending} onClick={() => void send()} data-testid="cast">
              {t('vote.cast')}
            </Button>
          </Flex>
        ))}
      {v.status === 'closed' && <VoteResult vote={v} height={140} />}
    </Card>
  );
}

export function H5GovernancePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const community = me.grants.find((g) => g.role === 'resident')?.scopeCode.slice(0, 12) ?? null;
  const [section, setSection] = useState<Section>('proposals');
  const proposals = useProposals(null);
  const votes = useVotes(null);
  const conventions = useConventions(null);
  const disclosures = useDisclosures(community);
  const surveys = useSurveys(null, new Date().getFullYear());
  const answer = useAssessmentAction();
  const [scores, setScores] = useState<Record<string, number>>({});
  const pAct = useProposalAction();
  const cAct = useConventionAction();
  const [raising, setRaising] = useState(false);
  const [form] = Form.useForm();
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return true;
    } catch (e) {
      message.error(errorText(e, t, lang));
      return false;
    }
  };
  const inForce = conventions.data?.find((c) => c.status === 'adopted');

  return (
    <Flex vertical gap={12}>
      <Segmented<Section>
        block
        value={section}
        onChange={(next) => {
          setSection(next);
          // What others did since (a vote opened, a result disclosed) shows when the section opens.
          void { proposals, votes, convention: conventions, disclosure: disclosures, survey: surveys }[next].refetch();
        }}
        options={[
          { value: 'proposals', label: t('gov.tabs.proposals') },
          { value: 'votes', label: t('gov.tabs.votes').slice(0, 2) },
          { value: 'convention', label: t('gov.tabs.convention').slice(-2) },
          { value: 'disclosure', label: t('gov.tabs.disclosure') },
          { value: 'survey', label: t('assessment.rate') === 'Score' ? 'Survey' : '测评' },
        ]}
        data-testid="gov-sections"
      />
      {section === 'proposals' && (
        <Flex vertical gap={12}>
          {raising ? (
            <Card size="small">
              <Form
                form={form}
                layout="vertical"
                onFinish={async (raw) => {
                  if (await run(() => pAct.mutateAsync({ kind: 'create', title: raw.title, body: raw.body }))) {
                    setRaising(false);
                    form.resetFields();
                  }
                }}
              >
                <Form.Item name="title" label={t('proposal.title')} rules={[{ required: true, min: 4 }]}>
                  <Input maxLength={60} />
                </Form.Item>
                <Form.Item name="body" label={t('proposal.body')} rules={[{ required: true, min: 4 }]}>
                  <Input.TextArea rows={3} maxLength={4000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={pAct.isPending}>
                  {t('proposal.new')}
                </Button>
              </Form>
            </Card>
          ) : (
            <Button block onClick={() => setRaising(true)}>
              {t('proposal.new')}
            </Button>
          )}
          {(proposals.data ?? []).length === 0 && <Empty />}
          {(proposals.data ?? []).map((p) => (
            <Card key={p.id} size="small" title={p.title} extra={<Tag color={PROPOSAL_COLORS[p.status]}>{t(`proposal.status.${p.status}` as MessageKey)}</Tag>} data-testid="h5-proposal">
              <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }}>{p.body}</Typography.Paragraph>
              {p.outcome && (
                <Typography.Paragraph>
                  <b>{t('proposal.outcome')}：</b>
                  {p.outcome}
                </Typography.Paragraph>
              )}
              <Flex justify="space-between" align="center">
                <Typography.Text type="secondary" data-testid="support-count">
                  {t('proposal.author', { name: p.authorName })} · {t('proposal.supports', { n: p.supportCount, t: p.threshold })}
                </Typography.Text>
                {p.supported ? (
                  <Tag color="green">{t('proposal.supported')}</Tag>
                ) : (
                  ['collecting', 'accepted'].includes(p.status) && (
                    <Button size="small" type="primary" onClick={() => void run(() => pAct.mutateAsync({ kind: 'support', id: p.id }))} data-testid="support">
                      {t('proposal.support')}
                    </Button>
                  )
                )}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
      {section === 'votes' && (
        <Flex vertical gap={12}>
          {(votes.data ?? []).length === 0 && <Empty />}
          {(votes.data ?? []).map((v) => (
            <VoteCard key={v.id} v={v} />
          ))}
        </Flex>
      )}
      {section === 'convention' &&
        (inForce ? (
          <Card size="small" title={`${inForce.title} ${t('convention.version', { v: inForce.version })}`}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{inForce.body}</Typography.Paragraph>
            {inForce.mine ? (
              <Tag color="green">{t('convention.acked')}</Tag>
            ) : (
              <Button type="primary" block onClick={() => void run(() => cAct.mutateAsync({ kind: 'ack', id: inForce.id }))} data-testid="ack-convention">
                {t('convention.ack')}
              </Button>
            )}
          </Card>
        ) : (
          <Empty />
        ))}
      {section === 'disclosure' && <DisclosureList posts={disclosures.data ?? []} />}
      {section === 'survey' && (
        <Flex vertical gap={12}>
          {(surveys.data ?? []).length === 0 && <Empty />}
          {(surveys.data ?? []).map((s) => (
            <Card key={s.id} size="small" title={s.title}>
              {s.answered ? (
                <Tag color="green">{t('convention.acked').replace('确认', '评价')}</Tag>
              ) : (
                <Flex gap={8} align="center">
                  <Rate value={scores[s.id] ?? 0} onChange={(v) => setScores({ ...scores, [s.id]: v })} />
                  <Button size="small" type="primary" disabled={!scores[s.id]} onClick={() => void run(() => answer.mutateAsync({ kind: 'answer', id: s.id, score: scores[s.id] }))}>
                    {t('notice.send')}
                  </Button>
                </Flex>
              )}
            </Card>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
