/** 在职党员服务 (desktop): the year's target, service posts, each checked-in member's progress, reminders, and the list per employer (xlsx). */
import { useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Input, InputNumber, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { BellOutlined, DownloadOutlined } from '@ant-design/icons';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { SERVICE_MANAGE_ROLES, useChoosePost, useCreatePost, usePosts, useProgress, useRemind, useSetTarget, useTarget, type ServiceProgress } from './memberService.api';

const LEVELS = ['community'] as const;

export function MemberServicePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const community = chosen.fits ? chosen.place!.code : null;
  const canManage = hasAnyRole(me, SERVICE_MANAGE_ROLES);
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const progress = useProgress(community, year);
  const target = useTarget(community, year);
  const posts = usePosts(community);
  const setTarget = useSetTarget();
  const createPost = useCreatePost();
  const remind = useRemind();
  const choose = useChoosePost();
  const [postName, setPostName] = useState('');
  const [org, setOrg] = useState<string | null>(null);
  const fail = (e: unknown) => message.error(errorText(e, t, lang));
  const orgs = [...new Set((progress.data ?? []).map((r) => r.employerPartyOrg))];
  const columns = [
    { title: t('service.col.name'), dataIndex: 'name' },
    { title: t('service.col.employer'), render: (_: unknown, r: ServiceProgress) => `${r.employer}（${r.employerPartyOrg}）` },
    {
      title: t('service.col.posts'),
      render: (_: unknown, r: ServiceProgress) => {
        const open = (posts.data ?? []).filter((p) => p.active && !r.posts.includes(p.name) && (!p.capacity || p.taken < p.capacity));
        return (
          <Flex gap={4} wrap align="center">
            {r.posts.map((p) => (
              <Tag key={p} color="red">
                {p}
              </Tag>
            ))}
            {canManage && open.length > 0 && (
              <Select
                size="small"
                style={{ width: 110 }}
                placeholder={t('service.choosePost')}
                value={null}
                data-testid={`choose-post-${r.name}`}
                options={open.map((p) => ({ value: p.id, label: p.name }))}
                onChange={(postId: string) =>
                  void choose.mutateAsync({ postId, residentId: r.residentId }).then(() => message.success(t('service.chosen', { name: r.name, post: open.find((p) => p.id === postId)!.name })), fail)
                }
              />
            )}
          </Flex>
        );
      },
    },
    { title: t('service.col.activities'), dataIndex: 'activities' },
    { title: t('service.col.hours'), render: (_: unknown, r: ServiceProgress) => `${r.hours} / ${r.targetHours}` },
    { title: t('service.col.progress'), render: (_: unknown, r: ServiceProgress) => <Progress percent={r.percent} size="small" status={r.behind ? 'exception' : r.percent >= 100 ? 'success' : 'normal'} style={{ width: 140 }} /> },
    { title: '', render: (_: unknown, r: ServiceProgress) => (r.behind ? <Tag color="red">{t('service.behind')}</Tag> : null) },
  ];
  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!community) body = <Card><Empty description={t('activities.pickCommunity')} /></Card>;
  else if (progress.error) body = <ErrorView error={progress.error} />;
  else
    body = (
      <Flex vertical gap={16}>
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('service.target', { year })}>
              <Space>
                <InputNumber
                  key={target.data?.targetHours}
                  min={1}
                  max={500}
                  defaultValue={target.data?.targetHours}
                  disabled={!canManage}
                  addonAfter={t('service.hours')}
                  onBlur={(e) => {
                    const v = Number(e.target.value);
                    if (v && v !== target.data?.targetHours) void setTarget.mutateAsync({ community, year, targetHours: v }).catch(fail);
                  }}
                />
                {target.data?.isDefault && <Typography.Text type="secondary">{t('points.rules.default')}</Typography.Text>}
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('service.posts')}>
              <Flex wrap gap={6} style={{ marginBottom: 8 }}>
                {(posts.data ?? []).map((p) => (
                  <Tag key={p.id} color="red">
                    {p.name} {p.taken}
                    {p.capacity ? `/${p.capacity}` : ''}
                  </Tag>
                ))}
              </Flex>
              {canManage && (
                <Space.Compact>
                  <Input value={postName} maxLength={30} placeholder={t('service.post.name')} onChange={(e) => setPostName(e.target.value)} />
                  <Button disabled={!postName.trim()} onClick={() => void createPost.mutateAsync({ communityCode: community, name: postName.trim() }).then(() => setPostName(''), fail)}>
                    {t('service.post.add')}
                  </Button>
                </Space.Compact>
              )}
            </Card>
          </Col>
        </Row>
        <Card
          size="small"
          title={t('service.progress')}
          extra={
            <Space>
              {canManage && (
                <Button icon={<BellOutlined />} loading={remind.isPending} onClick={() => void remind.mutateAsync(community).then((r) => message.success(t('service.reminded', { n: r.reminded, behind: r.behind })), fail)}>
                  {t('service.remind')}
                </Button>
              )}
              <Select style={{ width: 220 }} placeholder={t('service.employerOrg')} value={org} onChange={setOrg} options={orgs.map((o) => ({ value: o, label: o }))} />
              <a href={`/api/v1/member-service/employer-list.xlsx?${org ? `employerPartyOrg=${encodeURIComponent(org)}` : `community=${community}`}&year=${year}`} download>
                <Button icon={<DownloadOutlined />}>{t('service.export')}</Button>
              </a>
            </Space>
          }
        >
          <Table rowKey="residentId" size="small" loading={!progress.data} dataSource={progress.data ?? []} columns={columns} pagination={{ pageSize: 20 }} data-testid="service-progress" />
        </Card>
      </Flex>
    );
  return (
    <div className="page" data-testid="member-service-page">
      <Flex align="center" justify="space-between" gap={12} wrap className="page-head">
        <Typography.Title level={3}>{t('service.title')}</Typography.Title>
        <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="community" />
      </Flex>
      {body}
    </div>
  );
}
