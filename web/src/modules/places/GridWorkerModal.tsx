/** 任命网格员: one of the community's grid workers, or any account by its user ID (there is no user search yet). */
import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { useAppointWorker, type CommunityGridsView, type GridDetail } from './grids.api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Values {
  known?: string;
  userId?: string;
}

export function GridWorkerModal({ grid, all, onClose }: { grid: GridDetail; all: CommunityGridsView; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const appoint = useAppointWorker(all.communityCode);
  const [pickedKnown, setPickedKnown] = useState(false);
  const here = new Set(grid.workers.map((w) => w.userId));
  const known = new Map<string, { userId: string; label: string }>();
  for (const g of all.grids)
    for (const w of g.workers) if (!here.has(w.userId)) known.set(w.userId, { userId: w.userId, label: `${w.displayName}（${g.name}）` });

  const submit = async (v: Values) => {
    const userId = (v.known ?? v.userId ?? '').trim();
    try {
      await appoint.mutateAsync({ code: grid.code, userId });
      void message.success(t('grids.workerAppointed', { name: grid.name }));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['known', 'userId'], aliases: { userId: v.known ? 'known' : 'userId' } });
      if (rest) void message.error(rest);
    }
  };

  return (
    <Modal
      open
      title={t('grids.appointTitle', { name: grid.name })}
      okText={t('grids.appoint')}
      cancelText={t('common.cancel')}
      confirmLoading={appoint.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="known" label={t('grids.knownWorkers')} extra={known.size ? undefined : t('grids.noKnownWorkers')}>
          <Select
            allowClear
            disabled={!known.size}
            placeholder={t('grids.pickWorker')}
            options={[...known.values()].map((k) => ({ value: k.userId, label: k.label }))}
            onChange={(v) => setPickedKnown(!!v)}
          />
        </Form.Item>
        <Form.Item
          name="userId"
          label={t('grids.userId')}
          extra={t('grids.userIdHelp')}
          rules={[
            {
              validator: (_, v?: string) => {
                if (pickedKnown) return Promise.resolve();
                if (!v?.trim()) return Promise.reject(new Error(t('grids.workerRequired')));
                return UUID.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('grids.userIdInvalid')));
              },
            },
          ]}
        >
          <Input className="mono-input" disabled={pickedKnown} placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
