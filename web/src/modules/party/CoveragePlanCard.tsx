/** 组建方案: branches and their groups as the plan proposes them, uncovered compounds, and 采纳方案. */
import { Alert, App, Button, Card, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import type { CoveragePlanView } from '../../../../contracts/party';
import { localiseMessage } from '../../api';
import { useI18n } from '../../i18n';
import { useAdopt } from './party.api';

type Branch = CoveragePlanView['branches'][number];
type Adoption = CoveragePlanView['communities'][number]['adoption'];

const ADOPTION_COLOUR: Record<Adoption, string> = { none: 'default', matches: 'success', differs: 'warning' };

export function CoveragePlanCard({ plan, canAdopt }: { plan: CoveragePlanView; canAdopt: boolean }) {
  const { t } = useI18n();
  const names = new Map(plan.places.map((p) => [p.code, p.name]));
  const name = (code: string) => names.get(code) ?? code;
  const manyCommunities = plan.communities.length > 1;
  const communityName = new Map(plan.communities.map((c) => [c.code, c.name]));

  const single = plan.communities.length === 1 ? plan.communities[0] : null;
  return (
    <Card
      title={
        <Flex align="center" gap={8} wrap>
          {t('party.plan')}
          {single && (
            <Tag color={ADOPTION_COLOUR[single.adoption]} data-testid="adoption-state">
              {t(`party.adoption.${single.adoption}`)}
            </Tag>
          )}
        </Flex>
      }
      extra={canAdopt && <AdoptButton plan={plan} />}
      className="block"
      data-testid="coverage-plan"
    >
      <Typography.Paragraph type="secondary">{t('party.planNote')}</Typography.Paragraph>
      {plan.uncovered.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="party-uncovered"
          data-testid="uncovered"
          title={t('party.uncovered')}
          description={
            <>
              {t('party.uncoveredNote')}
              <Flex gap={4} wrap style={{ marginTop: 8 }}>
                {plan.uncovered.map((c) => (
                  <Tag key={c} color="red">
                    {name(c)}
                    {manyCommunities && <Typography.Text type="secondary"> · {communityName.get(c.slice(0, 12))}</Typography.Text>}
                  </Tag>
                ))}
              </Flex>
            </>
          }
        />
      )}
      {manyCommunities && <CommunityStates plan={plan} />}
      <Table<Branch>
        data-testid="plan-branches"
        rowKey={(b) => b.compounds[0]}
        size="middle"
        dataSource={plan.branches}
        locale={{ emptyText: t('party.noBranches') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('party.index'), key: 'i', width: 64, render: (_, _b, i) => i + 1 },
          ...(manyCommunities ? [{ title: t('level.community'), key: 'community', render: (_: unknown, b: Branch) => communityName.get(b.community) ?? b.community }] : []),
          {
            title: t('party.kind'),
            dataIndex: 'kind',
            render: (kind: Branch['kind']) => <Tag color={kind === 'own' ? 'red' : 'orange'}>{t(`party.branch.${kind}`)}</Tag>,
          },
          { title: t('party.compounds'), key: 'compounds', render: (_, b) => b.compounds.map(name).join('、') },
          { title: t('party.fullMembers'), dataIndex: 'fullMembers', align: 'right' },
          {
            title: t('party.groups'),
            key: 'groups',
            render: (_, b) => (
              <Flex gap={4} wrap>
                {b.groups.map((g) => (
                  <Tag key={g.buildings[0]} color={g.kind === 'own' ? 'volcano' : 'gold'} title={t(`party.group.${g.kind}`)}>
                    {g.buildings.map((code) => (b.compounds.length > 1 ? name(code.slice(0, 15)) : '') + name(code)).join('、')} ({g.fullMembers})
                  </Tag>
                ))}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

function CommunityStates({ plan }: { plan: CoveragePlanView }) {
  const { t } = useI18n();
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">{t('party.communities')}:</Typography.Text>
      {plan.communities.map((c) => (
        <Tag key={c.code} color={ADOPTION_COLOUR[c.adoption]}>
          {c.name} · {t(`party.adoption.${c.adoption}`)}
        </Tag>
      ))}
    </Flex>
  );
}

/** 采纳方案 on a township or community; where orgs differ from the plan, 按方案重建 after a confirmation. */
function AdoptButton({ plan }: { plan: CoveragePlanView }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const adopt = useAdopt();
  if (plan.place.level !== 'township' && plan.place.level !== 'community') {
    return <Typography.Text type="secondary">{t('party.adoptHint')}</Typography.Text>;
  }
  const states = plan.communities.map((c) => c.adoption);
  const differs = states.includes('differs');
  const done = states.length > 0 && states.every((s) => s === 'matches');
  const run = (replace: boolean) =>
    adopt.mutate(
      { code: plan.place.code, replace },
      {
        onSuccess: (r) => {
          const branches = r.communities.reduce((n, c) => n + (c.outcome === 'unchanged' ? 0 : c.branches), 0);
          const groups = r.communities.reduce((n, c) => n + (c.outcome === 'unchanged' ? 0 : c.groups), 0);
          void message.success(branches || r.committeesCreated ? t('party.adopted', { branches, groups }) : t('party.adoptUnchanged'));
        },
        onError: (e) => void message.error(localiseMessage(e.message, lang)),
      },
    );
  if (differs) {
    return (
      <Popconfirm title={t('party.readoptConfirm')} onConfirm={() => run(true)}>
        <Button danger loading={adopt.isPending} data-testid="adopt-plan">
          {t('party.readopt')}
        </Button>
      </Popconfirm>
    );
  }
  return (
    <Button type="primary" disabled={done} loading={adopt.isPending} onClick={() => run(false)} data-testid="adopt-plan">
      {done ? t('party.adoption.matches') : t('party.adopt')}
    </Button>
  );
}
