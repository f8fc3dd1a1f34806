/** 沿革: a place's life as a timeline, newest first (created, renamed, relocated, moved). */
import type { ReactNode } from 'react';
import { Drawer, Empty, Spin, Timeline, Typography } from 'antd';
import { EditOutlined, EnvironmentOutlined, PlusCircleOutlined, SwapOutlined } from '@ant-design/icons';
import type { Place } from '../../../../contracts/places';
import { formatDateTime } from '../../format';
import { isMessageKey } from '../../i18n/translate';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { usePlaceHistory, type HistoryEntry } from './placeEditing.api';

const LOOK: Record<string, { color: string; icon: ReactNode }> = {
  create: { color: 'green', icon: <PlusCircleOutlined /> },
  rename: { color: 'blue', icon: <EditOutlined /> },
  relocate: { color: 'gray', icon: <EnvironmentOutlined /> },
  move: { color: 'red', icon: <SwapOutlined /> },
};

export function PlaceHistoryDrawer({ place, open, onClose }: { place: Place; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const history = usePlaceHistory(place.code, open);
  const entries = history.data ?? [];

  let body: ReactNode;
  if (history.error) body = <ErrorView error={history.error} onRetry={() => void history.refetch()} />;
  else if (history.isLoading) body = <Spin />;
  else if (!entries.length) body = <Empty description={t('placeEdit.noHistory')} />;
  else
    body = (
      <Timeline
        data-testid="place-history"
        items={entries.map((h) => ({
          key: h.id,
          color: LOOK[h.action]?.color ?? 'gray',
          icon: LOOK[h.action]?.icon,
          content: <HistoryText entry={h} />,
        }))}
      />
    );

  return (
    <Drawer open={open} onClose={onClose} size={480} title={t('placeEdit.historyTitle', { name: place.name })} destroyOnHidden>
      {body}
    </Drawer>
  );
}

function HistoryText({ entry: h }: { entry: HistoryEntry }) {
  const { t } = useI18n();
  const key = `placeEdit.action.${h.action}`;
  const action = isMessageKey(key) ? t(key) : h.action;
  let what: ReactNode = null;
  if (h.action === 'create') what = t('placeEdit.history.create', { name: h.newName ?? '', code: h.newCode ?? '' });
  else if (h.action === 'rename') what = t('placeEdit.history.rename', { from: h.oldName ?? '', to: h.newName ?? '' });
  else if (h.action === 'relocate') what = t('placeEdit.history.relocate');
  else if (h.action === 'move') what = t('placeEdit.history.move', { from: h.oldCode ?? '', to: h.newCode ?? '' });
  return (
    <div className="history-entry" data-testid="history-entry">
      <Typography.Text strong>{action}</Typography.Text>
      <Typography.Text type="secondary" className="code">
        {formatDateTime(h.at)}
      </Typography.Text>
      <div>{what}</div>
      {h.note && <Typography.Text type="secondary">{t('placeEdit.noteLabel', { note: h.note })}</Typography.Text>}
      <div>
        <Typography.Text type="secondary">{t('placeEdit.by', { name: h.actorName ?? t('audit.system') })}</Typography.Text>
      </div>
    </div>
  );
}
