/** 网格管理: a community's grids, their workers and buildings, and the buildings still in no grid. */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { GridCard } from './GridCard';
import { byCompound, GRID_MANAGE_ROLES, useCommunityGrids, useCreateGrid, type CommunityGridsView } from './grids.api';
import { NameModal } from './NameModal';
import { PlaceSelect } from './PlaceSelect';
import { useChosenPlace } from './useChosenPlace';

export function GridsPage() {
  const { t } = useI18n();
  const chosen = useChosenPlace(['community']);
  const grids = useCommunityGrids(chosen.fits ? chosen.code : null);

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!chosen.fits) body = <Card><Empty description={t('grids.pickCommunityHint')} /></Card>;
  else if (grids.error) body = <ErrorView error={grids.error} onRetry={() => void grids.refetch()} />;
  else if (!grids.data) body = <PageSpin />;
  else body = <GridsOfCommunity data={grids.data} />;

  return (
    <div className="page">
      <Flex align="center" justify="space-between" gap={16} wrap className="page-head">
        <Typography.Title level={3}>{t('grids.title')}</Typography.Title>
        <PlaceSelect
          testId="grid-community"
          value={chosen.picked}
          onChange={chosen.choose}
          selectable={['community']}
          deepest="community"
          placeholder={t('grids.pickCommunity')}
        />
      </Flex>
      {body}
    </div>
  );
}

function GridsOfCommunity({ data }: { data: CommunityGridsView }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = hasAnyRole(me, GRID_MANAGE_ROLES);
  const create = useCreateGrid(data.communityCode);
  const [creating, setCreating] = useState(false);
  const buildingTotal = data.unassigned.length + data.grids.reduce((n, g) => n + g.buildings.length, 0);
  const noWorker = data.grids.filter((g) => g.workers.length === 0).length;

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex gap={48} wrap align="center" justify="space-between">
          <Flex gap={48} wrap>
            <Statistic title={t('grids.gridCount')} value={data.grids.length} />
            <Statistic title={t('grids.buildingTotal')} value={buildingTotal} />
            <Statistic
              title={t('grids.unassignedCount')}
              value={data.unassigned.length}
              styles={{ content: { color: data.unassigned.length ? '#cf1322' : '#389e0d' } }}
            />
            <Statistic title={t('grids.noWorkerCount')} value={noWorker} styles={{ content: { color: noWorker ? '#d46b08' : undefined } }} />
          </Flex>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('grids.create')}
            </Button>
          )}
        </Flex>
      </Card>
      <Unassigned data={data} />
      {data.grids.length === 0 ? (
        <Card>
          <Empty description={t('grids.none')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {data.grids.map((g) => (
            <Col key={g.code} xs={24} xl={12}>
              <GridCard grid={g} all={data} canManage={canManage} />
            </Col>
          ))}
        </Row>
      )}
      {creating && (
        <NameModal
          title={t('grids.createTitle')}
          label={t('grids.name')}
          maxLength={40}
          testId="grid-name-form"
          onSubmit={async (name) => {
            const grid = await create.mutateAsync(name);
            void message.success(t('grids.created', { name: grid.name, code: grid.code }));
          }}
          onClose={() => setCreating(false)}
        />
      )}
    </Flex>
  );
}

/** Buildings in no grid, in red: every building should be in exactly one. */
function Unassigned({ data }: { data: CommunityGridsView }) {
  const { t } = useI18n();
  if (!data.unassigned.length) {
    return <Alert type="success" showIcon data-testid="grid-unassigned" title={t('grids.allAssigned')} />;
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="grid-unassigned"
      title={t('grids.unassignedTitle', { n: data.unassigned.length })}
      description={
        <div>
          {byCompound(data.unassigned).map(([compound, buildings]) => (
            <div key={compound} className="compound-row">
              <Typography.Text strong className="compound-name">
                {compound}
              </Typography.Text>
              {buildings.map((b) => (
                <Link key={b.code} to={`/org/${b.code}`}>
                  <Tag color="error" className="building-tag">
                    {b.name}
                  </Tag>
                </Link>
              ))}
            </div>
          ))}
        </div>
      }
    />
  );
}
