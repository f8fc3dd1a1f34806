/** 调整楼栋: the community's buildings on the left, the grid's on the right; a building is in one grid only. */
import { useMemo, useState } from 'react';
import { Alert, App, Modal, Tag, Transfer, Typography } from 'antd';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { useSetGridBuildings, type CommunityGridsView, type GridDetail } from './grids.api';

interface Item {
  key: string;
  title: string;
  compoundName: string;
  name: string;
  /** The grid the building is in now (null: in none). */
  gridName: string | null;
  gridCode: string | null;
}

export function GridBuildingsModal({ grid, all, onClose }: { grid: GridDetail; all: CommunityGridsView; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const save = useSetGridBuildings(all.communityCode);
  const items = useMemo<Item[]>(() => {
    const list: Item[] = [];
    for (const g of all.grids)
      for (const b of g.buildings) list.push({ key: b.code, title: `${b.compoundName} ${b.name}`, ...b, gridName: g.name, gridCode: g.code });
    for (const b of all.unassigned) list.push({ key: b.code, title: `${b.compoundName} ${b.name}`, ...b, gridName: null, gridCode: null });
    return list.sort((a, b) => a.key.localeCompare(b.key));
  }, [all]);
  const [target, setTarget] = useState<string[]>(() => grid.buildings.map((b) => b.code));
  const taken = target.filter((code) => {
    const item = items.find((i) => i.key === code);
    return item?.gridCode && item.gridCode !== grid.code;
  }).length;

  const submit = async () => {
    try {
      await save.mutateAsync({ code: grid.code, buildingCodes: target });
      void message.success(t('grids.buildingsSaved', { name: grid.name, n: target.length }));
      onClose();
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('grids.editBuildingsTitle', { name: grid.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon className="modal-alert" title={t('grids.oneGridEach')} />
      <div data-testid="grid-transfer">
        <Transfer<Item>
          dataSource={items}
          targetKeys={target}
          onChange={(keys) => setTarget(keys.map(String))}
          titles={[t('grids.communityBuildings'), t('grids.thisGrid', { name: grid.name })]}
          showSearch={{ placeholder: t('grids.searchBuilding') }}
          filterOption={(input, item) => item.title.includes(input.trim())}
          styles={{ section: { flex: 1, height: 360 } }}
          render={(item) => (
            <span className="transfer-building">
              {item.title}
              {item.gridCode !== grid.code &&
                (item.gridName ? <Tag className="transfer-tag">{item.gridName}</Tag> : <Tag color="error" className="transfer-tag">{t('grids.unassignedTag')}</Tag>)}
            </span>
          )}
          locale={{ itemUnit: t('grids.buildingUnit'), itemsUnit: t('grids.buildingUnit'), notFoundContent: t('grids.noBuildings') }}
        />
      </div>
      {taken > 0 && (
        <Typography.Paragraph type="warning" className="transfer-note">
          {t('grids.takenFromOthers', { n: taken })}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
