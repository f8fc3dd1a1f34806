/** 业主名册 for staff: owner and floor area per household of a compound, with totals, editing and xlsx export. */
import { useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { useOwnerRoll, usePutOwner, type Roll } from './governance.api';

export function OwnersTab({ compound, canManage }: { compound: string | null; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const roll = useOwnerRoll(compound);
  const put = usePutOwner();
  const [editing, setEditing] = useState<Roll['owners'][number] | null>(null);
  const [form] = Form.useForm();
  if (!compound) return <Typography.Text type="secondary">{t('owners.compound')}</Typography.Text>;
  const r = roll.data;
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center">
        {r && <Typography.Text data-testid="owners-totals">{t('owners.totals', { n: r.owners.length, o: r.ownerCount, a: r.totalArea.toFixed(2), h: r.households })}</Typography.Text>}
        <Button icon={<DownloadOutlined />} href={`/api/v1/owners.xlsx?compound=${compound}`}>
          {t('owners.export')}
        </Button>
      </Flex>
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
