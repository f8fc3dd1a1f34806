/** 月月有主题: the twelve months of a community's year, each with its theme; organisers set them. */
import { useState } from 'react';
import { App, Card, Col, Input, Modal, Row, Typography } from 'antd';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { shanghaiMonth, useSetTheme, useThemes } from './activities.api';

export function ThemeCalendar({ community, canEdit }: { community: string; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const year = Number(shanghaiMonth().slice(0, 4));
  const themes = useThemes(community, year);
  const set = useSetTheme();
  const [editing, setEditing] = useState<{ month: string; theme: string } | null>(null);
  const now = shanghaiMonth();
  const byMonth = new Map((themes.data ?? []).map((x) => [x.month, x.theme]));
  const save = async () => {
    if (!editing?.theme.trim()) return;
    try {
      await set.mutateAsync({ communityCode: community, month: editing.month, theme: editing.theme.trim() });
      setEditing(null);
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  return (
    <Card size="small" title={t('activities.themes', { year })} data-testid="theme-calendar">
      <Row gutter={[8, 8]}>
        {Array.from({ length: 12 }, (_, i) => {
          const month = `${year}-${String(i + 1).padStart(2, '0')}`;
          const theme = byMonth.get(month);
          return (
            <Col key={month} xs={8} md={4} xl={2}>
              <div
                className="theme-cell"
                style={{ border: `1px solid ${month === now ? '#c8161d' : '#f0f0f0'}`, borderRadius: 6, padding: 6, minHeight: 64, cursor: canEdit ? 'pointer' : 'default', background: month === now ? '#fff1f0' : '#fff' }}
                onClick={() => canEdit && setEditing({ month, theme: theme ?? '' })}
              >
                <Typography.Text type="secondary">{t('activities.month', { m: i + 1 })}</Typography.Text>
                <div style={{ fontSize: 13 }}>{theme ?? (canEdit ? <Typography.Text type="secondary">+</Typography.Text> : '—')}</div>
              </div>
            </Col>
          );
        })}
      </Row>
      {editing && (
        <Modal open title={`${t('activities.setTheme')} · ${editing.month}`} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={set.isPending}>
          <Input value={editing.theme} maxLength={40} onChange={(e) => setEditing({ ...editing, theme: e.target.value })} placeholder={t('activities.theme')} />
        </Modal>
      )}
    </Card>
  );
}
