/** 添加设备: a device in the compound or one of its buildings; its webhook secret is shown once. */
import { useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { showFormError } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { usePlace } from '../places/places.api';
import { KINDS, useCreateDevice } from './property.api';

interface Values {
  serial: string;
  kind: string;
  name: string;
  placeCode: string;
  owner: string;
  installPlace: string;
  planX?: number;
  planY?: number;
}

export function AddDeviceModal({ open, onClose, compoundCode }: { open: boolean; onClose: () => void; compoundCode: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateDevice();
  const [secret, setSecret] = useState<string | null>(null);
  const compound = usePlace(open ? compoundCode : '', 1, 200);
  const buildings = (compound.data?.children ?? []).filter((c) => c.level === 'building');
  const submit = async (v: Values) => {
    try {
      const res = await create.mutateAsync({ ...v, kind: v.kind as never });
      setSecret(res.webhookSecret);
      void message.success(t('property.device.added', { name: res.device.name }));
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['serial', 'kind', 'name', 'placeCode', 'owner', 'installPlace', 'planX', 'planY'] });
      if (rest) void message.error(rest);
    }
  };
  const close = () => {
    setSecret(null);
    form.resetFields();
    onClose();
  };
  return (
    <Modal open={open} title={t('property.device.add')} onCancel={close} onOk={() => (secret ? close() : form.submit())} okText={secret ? t('common.confirm') : t('common.save')} confirmLoading={create.isPending} destroyOnHidden>
      {secret ? (
        <Alert type="success" showIcon title={t('property.device.secretOnce')} description={<Typography.Text copyable code data-testid="device-secret">{secret}</Typography.Text>} />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ placeCode: compoundCode }}>
          <Form.Item name="serial" label={t('property.device.serial')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{3,64}$/, message: t('property.device.serialRule') }]}>
            <Input placeholder="WL-0001" />
          </Form.Item>
          <Form.Item name="kind" label={t('property.device.kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`property.kind.${k}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('property.device.name')} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="placeCode" label={t('property.device.place')} rules={[{ required: true }]}>
            <Select options={[{ value: compoundCode, label: t('property.device.wholeCompound') }, ...buildings.map((b) => ({ value: b.code, label: b.name }))]} />
          </Form.Item>
          <Form.Item name="installPlace" label={t('property.device.installPlace')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="owner" label={t('property.device.owner')} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('property.device.planPosition')}>
            <Input.Group compact>
              <Form.Item name="planX" noStyle>
                <InputNumber min={0} max={100} placeholder="x %" />
              </Form.Item>
              <Form.Item name="planY" noStyle>
                <InputNumber min={0} max={100} placeholder="y %" />
              </Form.Item>
            </Input.Group>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
