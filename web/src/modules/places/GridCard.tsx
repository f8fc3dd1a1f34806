/** One grid: its name and code, workers (appoint, remove) and buildings by compound (adjust). */
import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Tag, Typography } from 'antd';
import { ApartmentOutlined, EditOutlined, UserAddOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { GridBuildingsModal } from './GridBuildingsModal';
import { byCompound, useRemoveWorker, useRenameGrid, type CommunityGridsView, type GridDetail } from './grids.api';
import { GridWorkerModal } from './GridWorkerModal';
import { NameModal } from './NameModal';

export function GridCard({ grid, all, canManage }: { grid: GridDetail; all: CommunityGridsView; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState<null | 'rename' | 'buildings' | 'worker'>(null);
  const rename = useRenameGrid(all.communityCode);
  const removeWorker = useRemoveWorker(all.communityCode);

  const remove = async (userId: string) => {
    try {
      await removeWorker.mutateAsync({ code: grid.code, userId });
      void message.success(t('grids.workerRemoved'));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  return (
    <Card
      size="small"
      data-testid="grid-card"
      data-grid={grid.code}
      title={
        <Flex align="center" gap={8}>
          <span className="grid-name">{grid.name}</span>
          <Typography.Text type="secondary" className="code">
            {grid.code}
          </Typography.Text>
        </Flex>
      }
      extra={
        canManage && (
          <Flex gap={4}>
            <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setOpen('rename')}>
              {t('grids.rename')}
            </Button>
            <Button size="small" icon={<ApartmentOutlined />} onClick={() => setOpen('buildings')}>
              {t('grids.editBuildings')}
            </Button>
          </Flex>
        )
      }
    >
      <div className="grid-section">
        <Typography.Text type="secondary">{t('grids.workers')}：</Typography.Text>
        {grid.workers.length === 0 && <Tag color="warning">{t('grids.noWorker')}</Tag>}
        {grid.workers.map((w) =>
          canManage ? (
            <Popconfirm
              key={w.userId}
              title={t('grids.removeWorkerConfirm', { name: w.displayName, grid: grid.name })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(w.userId)}
            >
              <Tag icon={<UserOutlined />} color="blue" closable onClose={(e) => e.preventDefault()}>
                {w.displayName}
              </Tag>
            </Popconfirm>
          ) : (
            <Tag key={w.userId} icon={<UserOutlined />} color="blue">
              {w.displayName}
            </Tag>
          ),
        )}
        {canManage && (
          <Button size="small" type="link" icon={<UserAddOutlined />} onClick={() => setOpen('worker')}>
            {t('grids.appoint')}
          </Button>
        )}
      </div>
      <div className="grid-section" data-testid="grid-buildings">
        <Typography.Text type="secondary">{t('grids.buildingCount', { n: grid.buildings.length })}</Typography.Text>
        {grid.buildings.length === 0 && <Typography.Text type="warning"> {t('grids.noBuildingsYet')}</Typography.Text>}
        {byCompound(grid.buildings).map(([compound, buildings]) => (
          <div key={compound} className="compound-row">
            <Typography.Text strong className="compound-name">
              {compound}
            </Typography.Text>
            {buildings.map((b) => (
              <Link key={b.code} to={`/org/${b.code}`}>
                <Tag className="building-tag">{b.name}</Tag>
              </Link>
            ))}
          </div>
        ))}
      </div>
      {open === 'rename' && (
        <NameModal
          title={t('grids.renameTitle', { name: grid.name })}
          label={t('grids.name')}
          initial={grid.name}
          maxLength={40}
          onSubmit={(name) => rename.mutateAsync({ code: grid.code, name })}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'buildings' && <GridBuildingsModal grid={grid} all={all} onClose={() => setOpen(null)} />}
      {open === 'worker' && <GridWorkerModal grid={grid} all={all} onClose={() => setOpen(null)} />}
    </Card>
  );
}
