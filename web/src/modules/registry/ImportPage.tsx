/** 居民导入: download the template, pick the community, upload xlsx/CSV, watch the progress, read the rejected rows; export a registry. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Progress, Space, Statistic, Table, TreeSelect, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Place } from '../../../../contracts/places';
import type { ImportRejection } from '../../../../contracts/registry-import';
import { localiseMessage } from '../../api';
import { useI18n } from '../../i18n';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { fetchPlace, placeKey, usePlaceRoots } from '../places/places.api';
import { exportUrl, progressOf, rejectedReportUrl, REVEAL_ROLES, TEMPLATE_URL, uploadResidents, useImportJob } from './import.api';

interface Node {
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
  children?: Node[];
}

const ORDER = ['city', 'county', 'township', 'community', 'compound', 'building'];

function withChildren(nodes: Node[], value: string, children: Node[]): Node[] {
  return nodes.map((n) => (n.value === value ? { ...n, children } : n.children ? { ...n, children: withChildren(n.children, value, children) } : n));
}

/** A place picker over my part of the tree, loaded as nodes open, down to `deepest`; only `pickable` levels can be chosen. */
function PlacePicker(props: { deepest: string; pickable: (level: string) => boolean; value: string | null; onChange: (code: string) => void; testId: string; placeholder: string }) {
  const roots = usePlaceRoots();
  const qc = useQueryClient();
  const [nodes, setNodes] = useState<Node[]>([]);
  const depth = ORDER.indexOf(props.deepest);
  const toNode = (p: Place): Node => ({ value: p.code, title: p.name, isLeaf: ORDER.indexOf(p.level) >= depth || p.childCount === 0, selectable: props.pickable(p.level) });
  const { onChange, value } = props;
  useEffect(() => {
    if (!roots.data) return;
    const usable = roots.data.filter((p) => ORDER.indexOf(p.level) >= 0 && ORDER.indexOf(p.level) <= depth);
    setNodes((old) => (old.length ? old : usable.map(toNode)));
    // One community of my own: it is the choice.
    const own = usable.filter((p) => props.pickable(p.level));
    if (!value && own.length === 1) onChange(own[0].code);
  }, [roots.data]);
  const loadData = async (node: { value?: string | number; children?: unknown }) => {
    const code = String(node.value);
    if (node.children) return;
    let children: Node[] = [];
    try {
      const detail = await qc.fetchQuery({ queryKey: placeKey(code, 1, 500), queryFn: () => fetchPlace(code, 1, 500), staleTime: 60_000 });
      children = detail.children.filter((p) => ORDER.indexOf(p.level) >= 0 && ORDER.indexOf(p.level) <= depth).map(toNode);
    } catch {
      // No children shown; nothing else depends on them.
    }
    setNodes((old) => withChildren(old, code, children));
  };
  return (
    <TreeSelect
      data-testid={props.testId}
      style={{ minWidth: 300 }}
      placeholder={props.placeholder}
      treeData={nodes}
      loadData={loadData}
      value={value ?? undefined}
      onChange={(v: string) => onChange(v)}
      treeNodeFilterProp="title"
      showSearch
    />
  );
}

export function ImportPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [community, setCommunity] = useState<string | null>(null);
  const [createPlaces, setCreatePlaces] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useImportJob(jobId);
  const upload = useMutation({
    mutationFn: (file: File) => uploadResidents(file, { community: community!, createPlaces, csrfToken: me.csrfToken, idempotencyKey: crypto.randomUUID() }),
    onSuccess: (r) => setJobId(r.jobId),
  });
  const data = job.data;
  const running = upload.isPending || data?.status === 'running';

  return (
    <div className="page">
      <Typography.Title level={3}>{t('import.title')}</Typography.Title>
      <Flex vertical gap={16}>
        <Card size="small" title={t('import.step1')}>
          <Space direction="vertical">
            <Typography.Text type="secondary">{t('import.templateHelp')}</Typography.Text>
            <Button icon={<DownloadOutlined />} href={TEMPLATE_URL} download data-testid="import-template">
              {t('import.downloadTemplate')}
            </Button>
          </Space>
        </Card>

        <Card size="small" title={t('import.step2')}>
          <Flex vertical gap={12}>
            <Flex gap={16} align="center" wrap>
              <span>{t('import.community')}</span>
              <PlacePicker deepest="community" pickable={(l) => l === 'community'} value={community} onChange={setCommunity} testId="import-community" placeholder={t('import.pickCommunity')} />
              <Checkbox checked={createPlaces} onChange={(e) => setCreatePlaces(e.target.checked)} data-testid="import-create-places">
                {t('import.createPlaces')}
              </Checkbox>
            </Flex>
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              disabled={!community || running}
              beforeUpload={(file) => {
                upload.mutate(file);
                return false;
              }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{community ? t('import.dropHere') : t('import.pickCommunityFirst')}</p>
              <p className="ant-upload-hint">{t('import.formats')}</p>
            </Upload.Dragger>
            {upload.error && <Alert type="error" showIcon message={t('import.uploadFailed')} description={localiseMessage(upload.error.message, lang)} data-testid="import-error" />}
          </Flex>
        </Card>

        {(jobId || upload.isPending) && (
          <Card size="small" title={t('import.progress')} data-testid="import-job">
            <Flex vertical gap={12}>
              {data && <Typography.Text type="secondary">{data.fileName}</Typography.Text>}
              <Progress
                data-testid="import-progress"
                percent={progressOf(data)}
                status={data?.status === 'failed' ? 'exception' : data?.status === 'done' ? 'success' : 'active'}
              />
              {data && data.status !== 'running' && (
                <Flex gap={48} wrap data-testid="import-result">
                  <Statistic title={t('import.total')} value={data.total} />
                  <Statistic title={t('import.imported')} value={data.imported} />
                  <Statistic title={t('import.updated')} value={data.updated} />
                  <Statistic title={t('import.unchanged')} value={Math.max(0, data.processed - data.imported - data.updated - data.rejectedCount)} />
                  <Statistic title={t('import.rejected')} value={data.rejectedCount} styles={{ content: data.rejectedCount ? { color: '#cf1322' } : undefined }} />
                </Flex>
              )}
              {data?.error && <Alert type="error" showIcon message={data.error} />}
              {data && data.rejectedCount > 0 && (
                <>
                  <Flex justify="space-between" align="center">
                    <Typography.Text strong>{t('import.rejectedRows', { n: data.rejectedCount })}</Typography.Text>
                    <Button icon={<DownloadOutlined />} href={rejectedReportUrl(data.id)} download data-testid="import-report">
                      {t('import.downloadReport')}
                    </Button>
                  </Flex>
                  <Table<ImportRejection>
                    data-testid="import-rejected"
                    size="small"
                    rowKey={(r) => `${r.row}-${r.column}`}
                    dataSource={data.rejected}
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    columns={[
                      { title: t('import.row'), dataIndex: 'row', width: 80 },
                      { title: t('import.column'), dataIndex: 'column', width: 140 },
                      { title: t('import.reason'), dataIndex: 'reason' },
                    ]}
                  />
                  {data.rejectedCount > data.rejected.length && <Typography.Text type="secondary">{t('import.moreInReport', { n: data.rejected.length })}</Typography.Text>}
                </>
              )}
            </Flex>
          </Card>
        )}

        <ExportCard defaultPlace={community} />
      </Flex>
    </div>
  );
}

function ExportCard({ defaultPlace }: { defaultPlace: string | null }) {
  const { t } = useI18n();
  const me = useMe();
  const [place, setPlace] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);
  const mayReveal = hasAnyRole(me, REVEAL_ROLES);
  const chosen = place ?? defaultPlace;
  return (
    <Card size="small" title={t('import.exportTitle')}>
      <Flex gap={16} align="center" wrap>
        <PlacePicker deepest="building" pickable={() => true} value={chosen} onChange={setPlace} testId="export-place" placeholder={t('import.pickPlace')} />
        {mayReveal && (
          <Checkbox checked={reveal} onChange={(e) => setReveal(e.target.checked)} data-testid="export-reveal">
            {t('import.reveal')}
          </Checkbox>
        )}
        <Button type="primary" icon={<DownloadOutlined />} disabled={!chosen} href={chosen ? exportUrl(chosen, reveal) : undefined} download data-testid="export-button">
          {t('import.export')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {mayReveal ? t('import.exportNoteReveal') : t('import.exportNote')}
      </Typography.Paragraph>
    </Card>
  );
}
