/** A list of places: click a row to go down to it. */
import { Table, Tag, Typography, type TablePaginationConfig } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { Place } from '../../../../contracts/places';
import { useI18n } from '../../i18n';
import { levelColour, levelKey } from './levels';

export function PlaceTable({
  places,
  loading,
  pagination,
  testId,
}: {
  places: Place[];
  loading?: boolean;
  pagination: TablePaginationConfig | false;
  testId: string;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div data-testid={testId}>
      <Table<Place>
        rowKey="code"
        size="middle"
        dataSource={places}
        loading={loading}
        pagination={pagination}
        scroll={{ x: 'max-content' }}
        onRow={(p) => ({ onClick: () => navigate(`/org/${p.code}`), className: 'clickable-row' })}
        columns={[
          {
            title: t('org.name'),
            dataIndex: 'name',
            render: (name: string, p) => (
              <Link to={`/org/${p.code}`} onClick={(e) => e.stopPropagation()}>
                {name}
              </Link>
            ),
          },
          {
            title: t('org.level'),
            dataIndex: 'level',
            render: (_, p) => <Tag color={levelColour(p.level)}>{t(levelKey(p))}</Tag>,
          },
          {
            title: t('org.code'),
            dataIndex: 'code',
            render: (code: string) => <Typography.Text className="code">{code}</Typography.Text>,
          },
          { title: t('org.childCount'), dataIndex: 'childCount', align: 'right' },
        ]}
      />
    </div>
  );
}
