/** The buttons on a place's card in 组织架构: 新建下级, 重命名, 迁移 for staff who may; 沿革 for all staff. */
import { useState } from 'react';
import { Button, Flex } from 'antd';
import { EditOutlined, HistoryOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import type { Place } from '../../../../contracts/places';
import { useI18n } from '../../i18n';
import { isResidentOnly } from '../identity/roles';
import { useMe } from '../identity/session';
import { levelKey } from './levels';
import { MovePlaceModal } from './MovePlaceModal';
import { childLevelOf, placeAbilities } from './placeEditing.api';
import { PlaceFormModal } from './PlaceFormModal';
import { PlaceHistoryDrawer } from './PlaceHistoryDrawer';

type Open = null | 'create' | 'rename' | 'move' | 'history';

/** `onTreeChanged`: the names or shape of the tree changed (the tree on the left reloads). */
export function PlaceActions({ place, onTreeChanged }: { place: Place; onTreeChanged: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const [open, setOpen] = useState<Open>(null);
  if (isResidentOnly(me)) return null;
  const can = placeAbilities(me, place);
  const child = childLevelOf(place.level);
  const close = () => setOpen(null);
  const closeChanged = () => {
    setOpen(null);
    onTreeChanged();
  };

  return (
    <Flex gap={8} wrap data-testid="place-actions">
      {can.create && child && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen('create')}>
          {t('placeEdit.createChild', { level: t(levelKey({ level: child, kind: null })) })}
        </Button>
      )}
      {can.rename && (
        <Button size="small" icon={<EditOutlined />} onClick={() => setOpen('rename')}>
          {t('placeEdit.rename')}
        </Button>
      )}
      {can.move && (
        <Button size="small" icon={<SwapOutlined />} onClick={() => setOpen('move')}>
          {t('placeEdit.move')}
        </Button>
      )}
      <Button size="small" icon={<HistoryOutlined />} onClick={() => setOpen('history')}>
        {t('placeEdit.history')}
      </Button>
      {(open === 'create' || open === 'rename') && <PlaceFormModal place={place} mode={open} onClose={close} onDone={closeChanged} />}
      {open === 'move' && <MovePlaceModal place={place} onClose={close} onMoved={onTreeChanged} />}
      <PlaceHistoryDrawer place={place} open={open === 'history'} onClose={close} />
    </Flex>
  );
}
