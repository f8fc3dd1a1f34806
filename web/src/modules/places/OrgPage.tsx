/** 组织架构: from my roots down to households; breadcrumb, the place, its children or its residents. */
import { useState, type ReactNode } from 'react';
import { Breadcrumb, Card, Descriptions, Flex, Grid, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import type { PlaceDetail } from '../../../../contracts/places';
import { ApiError } from '../../api';
import { formatCoordinates } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { isResidentOnly } from '../identity/roles';
import { useMe } from '../identity/session';
import { HouseholdMembers } from '../registry/HouseholdMembers';
import { levelColour, levelKey } from './levels';
import { PlaceActions } from './PlaceActions';
import { isPlaceCode, usePlace, usePlaceRoots } from './places.api';
import { PlaceTable } from './PlaceTable';
import { PlaceTree } from './PlaceTree';

const PAGE_SIZES = [20, 50, 100, 200];

export function OrgPage() {
  const { code } = useParams();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  // Residents only ever see their own household here; a tree of one leaf is no help on a phone.
  const showTree = !isResidentOnly(me) && screens.lg !== false;
  const { t } = useI18n();
  const detailPath = useDetailPath(code);
  // Bumped after a create, rename or move: the tree on the left loads itself again.
  const [treeVersion, setTreeVersion] = useState(0);

  return (
    <div className="page">
      <Typography.Title level={3}>{t('org.title')}</Typography.Title>
      <Flex gap={16} align="flex-start">
        {showTree && (
          <Card size="small" title={t('org.tree')} className="tree-card">
            <PlaceTree key={treeVersion} selected={code ?? null} path={detailPath} />
          </Card>
        )}
        <div className="org-main">{code ? <PlaceView code={code} onTreeChanged={() => setTreeVersion((v) => v + 1)} /> : <Roots />}</div>
      </Flex>
    </div>
  );
}

/** The codes from the top of my view down to `code` (from the cached detail, if loaded). */
function useDetailPath(code: string | undefined): string[] {
  const [params] = useSearchParams();
  const { page, pageSize } = paging(params);
  const detail = usePlace(code ?? '', page, pageSize).data;
  if (!code || !detail) return [];
  return [...detail.ancestors.map((a) => a.code), detail.place.code];
}

function paging(params: URLSearchParams) {
  const page = Math.max(1, Number(params.get('page')) || 1);
  const size = Number(params.get('size'));
  return { page, pageSize: PAGE_SIZES.includes(size) ? size : 50 };
}

function Roots() {
  const { t } = useI18n();
  const roots = usePlaceRoots();
  if (roots.error) return <ErrorView error={roots.error} onRetry={() => void roots.refetch()} />;
  return (
    <Card title={t('org.roots')}>
      <PlaceTable
        testId="place-children"
        places={roots.data ?? []}
        loading={roots.isLoading}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
      />
    </Card>
  );
}

function PlaceView({ code, onTreeChanged }: { code: string; onTreeChanged: () => void }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const { page, pageSize } = paging(params);
  const query = usePlace(code, page, pageSize);

  if (!isPlaceCode(code)) return <ErrorView error={new ApiError(404, 'NOT_FOUND', 'not found')} />;
  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <PageSpin />;
  const { place, ancestors, children, childTotal } = query.data;

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        data-testid="org-breadcrumb"
        items={[
          { key: 'org', title: <Link to="/org">{t('org.title')}</Link> },
          ...ancestors.map((a) => ({ key: a.code, title: <Link to={`/org/${a.code}`}>{a.name}</Link> })),
          { key: place.code, title: place.name },
        ]}
      />
      <Card
        title={
          <Flex align="center" gap={8}>
            <span data-testid="place-name">{place.name}</span>
            <Tag color={levelColour(place.level)} data-testid="place-level">
              {t(levelKey(place))}
            </Tag>
          </Flex>
        }
        extra={<PlaceActions place={place} onTreeChanged={onTreeChanged} />}
      >
        <PlaceFacts detail={query.data} />
      </Card>
      {place.level === 'household' ? (
        <HouseholdMembers code={place.code} />
      ) : (
        <Card title={t('org.childrenOf', { name: place.name, n: childTotal })}>
          <PlaceTable
            testId="place-children"
            places={children}
            loading={query.isPlaceholderData}
            pagination={{
              current: page,
              pageSize,
              total: childTotal,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showTotal: (n) => t('common.total', { n }),
              onChange: (nextPage, nextSize) =>
                setParams(nextSize === 50 && nextPage === 1 ? {} : { page: String(nextPage), size: String(nextSize) }),
            }}
          />
        </Card>
      )}
    </Flex>
  );
}

function PlaceFacts({ detail }: { detail: PlaceDetail }) {
  const { t } = useI18n();
  const { place, grid, childTotal } = detail;
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'level', label: t('org.level'), children: t(levelKey(place)) },
    { key: 'code', label: t('org.code'), children: <Typography.Text className="code" copyable>{place.code}</Typography.Text> },
    {
      key: 'coords',
      label: t('org.coordinates'),
      children: formatCoordinates(place.lat, place.lng) ?? t('common.none'),
    },
  ];
  if (place.level === 'building') {
    items.push({
      key: 'grid',
      label: t('org.grid'),
      children: grid ? (
        <span data-testid="place-grid">
          {grid.name} <Typography.Text type="secondary" className="code">{grid.code}</Typography.Text>
        </span>
      ) : (
        t('org.noGrid')
      ),
    });
  }
  if (place.level !== 'household') items.push({ key: 'children', label: t('org.childCount'), children: childTotal });
  return <Descriptions column={{ xs: 1, md: 2, xxl: 3 }} items={items} />;
}
