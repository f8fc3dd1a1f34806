/** 发布活动: title, theme (the month's by default), place, time, capacity, weekly or monthly series, leader. */
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { PlaceSelect, type PickedPlace } from '../places/PlaceSelect';
import { useCreateActivity } from './activities.api';

interface Values {
  title: string;
  theme?: string;
  place: PickedPlace;
  address?: string;
  time: [Dayjs, Dayjs];
  capacity: number;
  recurrence: 'none' | 'weekly' | 'monthly';
  occurrences?: number;
  description?: string;
}

export function NewActivityModal({ place, onClose }: { place: PickedPlace; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateActivity();
  const recurrence = Form.useWatch('recurrence', form);
  const submit = async (v: Values) => {
    try {
      const list = await create.mutateAsync({
        title: v.title,
        ...(v.theme ? { theme: v.theme } : {}),
        placeCode: v.place.code,
        ...(v.address ? { address: v.address } : {}),
        startsAt: v.time[0].toISOString(),
        endsAt: v.time[1].toISOString(),
        capacity: v.capacity,
        recurrence: v.recurrence,
        ...(v.recurrence !== 'none' && v.occurrences ? { occurrences: v.occurrences } : {}),
        ...(v.description ? { description: v.description } : {}),
      });
      void message.success(t('activities.created', { n: list.length }));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['title', 'theme', 'place', 'address', 'time', 'capacity', 'occurrences'], aliases: { placeCode: 'place', startsAt: 'time', endsAt: 'time' } });
      if (rest) void message.error(rest);
    }
  };
  return (
    <Modal open title={t('activities.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} width={560}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ place, capacity: 20, recurrence: 'none', occurrences: 4 }}>
        <Form.Item name="title" label={t('activities.field.title')} rules={[{ required: true, message: t('activities.field.title') }]}>
          <Input maxLength={60} data-testid="activity-title" />
        </Form.Item>
        <Form.Item name="theme" label={t('activities.theme')} extra={t('activities.theme.extra')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="place" label={t('activities.field.place')} rules={[{ required: true }]}>
          <PlaceSelect value={null} onChange={() => undefined} selectable={['community', 'compound', 'building']} deepest="building" width="100%" />
        </Form.Item>
        <Form.Item name="address" label={t('activities.field.address')}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="time" label={t('activities.field.time')} rules={[{ required: true, message: t('activities.field.time') }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="capacity" label={t('activities.field.capacity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10000} />
        </Form.Item>
        <Form.Item name="recurrence" label={t('activities.field.recurrence')}>
          <Select
            options={(['none', 'weekly', 'monthly'] as const).map((r) => ({ value: r, label: t(`activities.recurrence.${r}`) }))}
          />
        </Form.Item>
        {recurrence && recurrence !== 'none' && (
          <Form.Item name="occurrences" label={t('activities.field.occurrences')}>
            <InputNumber min={2} max={52} />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('activities.field.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
