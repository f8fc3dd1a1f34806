/** 党组织覆盖: pick an area; see the coverage report, the plan (采纳方案) and the unit centre households. */
import { useEffect, useState } from 'react';
import { Card, Empty, Flex, Tag, TreeSelect, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import type { Place } from '../../../../contracts/places';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { levelColour, levelKey } from '../places/levels';
import { fetchPlace, isPlaceCode, placeKey, usePlaceRoots } from '../places/places.api';
import { CentreHouseholdsCard } from './CentreHouseholdsCard';
import { CoveragePlanCard } from './CoveragePlanCard';
import { CoverageReportCard } from './CoverageReportCard';
import { CENTRE_APPOINT_ROLES, CENTRE_LEVELS, PARTY_ADOPT_ROLES, PLAN_LEVELS, usePlan, useReport } from './party.api';

export function CoveragePage() {
  const { code } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const roots = usePlaceRoots();
  // Without a code in the address, the plan of my own root (the top of what I may see).
  const root = roots.data?.find((p) => PLAN_LEVELS.includes(p.level));
  const current = code && isPlaceCode(code) ? code : (root?.code ?? null);
  const plan = usePlan(current);
  const report = useReport(current);

  let body;
  if (!current) body = roots.isLoading ? <PageSpin /> : roots.error ? <ErrorView error={roots.error} /> : <Empty />;
  else if (plan.error) body = <ErrorView error={plan.error} onRetry={() => void plan.refetch()} />;
  else if (!plan.data) body = <PageSpin />;
  else {
    const level = plan.data.place.level;
    body = (
      <>
        <CoverageReportCard report={report.data} loading={report.isLoading} />
        <CoveragePlanCard plan={plan.data} canAdopt={hasAnyRole(me, PARTY_ADOPT_ROLES)} />
        {CENTRE_LEVELS.includes(level) ? (
          <CentreHouseholdsCard
            code={plan.data.place.code}
            canAppoint={hasAnyRole(me, CENTRE_APPOINT_ROLES)}
            compoundNames={new Map(plan.data.places.filter((p) => p.level === 'compound').map((p) => [p.code, p.name]))}
          />
        ) : (
          <Card title={t('party.centre')} className="block">
            <Typography.Text type="secondary">{t('party.centreHint')}</Typography.Text>
          </Card>
        )}
      </>
    );
  }

  return (
    <div className="page">
      <Flex align="center" justify="space-between" gap={16} wrap className="party-head">
        <Typography.Title level={3}>{t('party.title')}</Typography.Title>
        <Flex align="center" gap={8}>
          {plan.data && (
            <Tag color={levelColour(plan.data.place.level)} data-testid="coverage-level">
              {t(levelKey({ level: plan.data.place.level, kind: null }))}
            </Tag>
          )}
          <PlacePicker roots={roots.data ?? []} value={current} label={plan.data?.place.name} />
        </Flex>
      </Flex>
      {body}
    </div>
  );
}

interface Node {
  value: string;
  title: string;
  isLeaf: boolean;
  children?: Node[];
}

const toNode = (p: Place): Node => ({ value: p.code, title: p.name, isLeaf: p.level === 'compound' || p.childCount === 0 });

function withChildren(nodes: Node[], value: string, children: Node[]): Node[] {
  return nodes.map((n) => (n.value === value ? { ...n, children } : n.children ? { ...n, children: withChildren(n.children, value, children) } : n));
}

/** City → county → township → community → compound, loaded as nodes open. */
function PlacePicker({ roots, value, label }: { roots: Place[]; value: string | null; label: string | undefined }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [nodes, setNodes] = useState<Node[]>([]);
  useEffect(() => {
    setNodes((old) => (old.length ? old : roots.filter((p) => PLAN_LEVELS.includes(p.level)).map(toNode)));
  }, [roots]);
  const loadData = async (node: { value?: string | number; children?: unknown }) => {
    const code = String(node.value);
    if (node.children) return;
    let children: Node[] = [];
    try {
      const detail = await qc.fetchQuery({ queryKey: placeKey(code, 1, 500), queryFn: () => fetchPlace(code, 1, 500), staleTime: 60_000 });
      children = detail.children.filter((p) => PLAN_LEVELS.includes(p.level)).map(toNode);
    } catch {
      // The picker just shows no children; the page reports errors of the place it shows.
    }
    setNodes((old) => withChildren(old, code, children));
  };
  return (
    <TreeSelect
      data-testid="coverage-place"
      style={{ minWidth: 260 }}
      placeholder={t('party.pickPlace')}
      treeData={nodes}
      loadData={loadData}
      labelInValue
      value={value ? { value, label: label ?? value } : undefined}
      onChange={(v: { value: string; label?: unknown } | undefined) => v && navigate(`/party/coverage/${v.value}`)}
      treeNodeFilterProp="title"
      showSearch
    />
  );
}
