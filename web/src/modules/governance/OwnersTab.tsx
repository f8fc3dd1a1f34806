/** 业主名册 for staff: owner and floor area per household of a compound, with totals, editing, xlsx export and import (progress, rejected rows). */
import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Progress, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { localiseMessage, uploadRaw } from '../../api';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { useOwnerRoll, usePutOwner, type Roll } from './governance.api';
import { uploadProblem, XLSX_MIME } from './upload';

interface ImportResult {
  imported: number;
  rejected: Array<{ row: number; column: string; reason: string }>;
}

export function OwnersTab({ compound, canManage }: { compound: string | null; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const roll = useOwnerRoll(compound);
  const put = usePutOwner();
  const [editing, setEditing] = useState<Roll['owners'][number] | null>(null);
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const [importing, setImporting] = useState<{ name: string; percent: number } | null>(null);
  const [result, setResult] = useState<(ImportResult & { name: string }) | null>(null);
  if (!compound) return <Typography.Text type="secondary">{t('owners.compound')}</Typography.Text>;
  const r = roll.data;
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center">
        {r && <Typography.Text data-testid="owners-totals">{t('owners.totals', { n: r.owners.length, o: r.ownerCount, a: r.totalArea.toFixed(2), h: r.households })}</Typography.Text>}
        <Button icon={<DownloadOutlined />} href={`/api/v1/owners.xlsx?compound=${compound}`}>
          {t('owners.export')}
        </Button>
        {canManage && (
          <span data-testid="owners-import">
          <Upload
            accept=".xlsx"
            showUploadList={false}
            disabled={!!importing}
            beforeUpload={(file) => {
              const problem = uploadProblem(file, 'xlsx');
              if (problem) {
                void message.error(t(`upload.${problem}`, { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              const f = file as File;
              setResult(null);
              setImporting({ name: f.name, percent: 0 });
              uploadRaw<ImportResult>(`/api/v1/owners/import?compound=${encodeURIComponent(compound)}`, f, XLSX_MIME, (percent) => setImporting({ name: f.name, percent }))
                .then((r) => {
                  setResult({ ...r, name: f.name });
                  onSuccess?.(r);
                  void qc.invalidateQueries({ queryKey: ['owners'] });
                })
                .catch((e: unknown) => {
                  void message.error(errorText(e, t, lang));
                  onError?.(e as Error);
                })
                .finally(() => setImporting(null));
            }}
          >
            <Button icon={<UploadOutlined />} loading={!!importing}>
              {t('owners.import')}
            </Button>
          </Upload>
          </span>
        )}
        <Typography.Text type="secondary">{t('owners.importHint')}</Typography.Text>
      </Flex>
      {importing && <Progress percent={importing.percent} size="small" data-testid="owners-import-progress" format={(p) => `${importing.name} ${p}%`} />}
      {result && (
        <Flex vertical gap={8} data-testid="owners-import-result">
          <Alert
            type={result.rejected.length ? 'warning' : 'success'}
            showIcon
            closable
            onClose={() => setResult(null)}
            title={t('owners.imported', { name: result.name, n: result.imported, r: result.rejected.length })}
          />
          {result.rejected.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.column}`}
              pagination={result.rejected.length > 10 ? { pageSize: 10 } : false}
              dataSource={result.rejected}
              data-testid="owners-rejected"
              columns={[
                { title: t('owners.row'), dataIndex: 'row', width: 80 },
                { title: t('owners.column'), dataIndex: 'column', width: 120 },
                { title: t('owners.reason'), dataIndex: 'reason', render: (r: string) => localiseMessage(r, lang) },
              ]}
            />
          )}
        </Flex>
      )}
      <Table
        rowKey="householdCode"
        size="small"
        loading={roll.isLoading}
        dataSource={r?.owners ?? []}
        pagination={{ pageSize: 12 }}
        onRow={(o) => ({ onClick: () => canManage && (setEditing(o), form.setFieldsValue({ ownerName: o.ownerName, area: o.area })) })}
        columns={[
          { title: t('owners.address'), dataIndex: 'address' },
          { title: t('owners.owner'), dataIndex: 'ownerName' },
          { title: t('owners.area'), dataIndex: 'area', render: (a: number) => a.toFixed(2) },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing?.address}
        onCancel={() => setEditing(null)}
        onOk={async () => {
          const raw = await form.validateFields();
          try {
            await put.mutateAsync({ householdCode: editing!.householdCode, ownerName: raw.ownerName, area: raw.area });
            setEditing(null);
          } catch (e) {
            message.error(errorText(e, t, lang));
          }
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="ownerName" label={t('owners.owner')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="area" label={t('owners.area')} rules={[{ required: true }]}>
            <InputNumber min={0.01} max={100000} precision={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
