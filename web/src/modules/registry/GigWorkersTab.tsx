/** 新就业群体: delivery riders, couriers, drivers… registered with the community (报到备案). */
import { useState } from 'react';
import { App, Button, Checkbox, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { normaliseMobile } from '../../../../contracts/validation';
import { formatDateTime } from '../../format';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { Masked } from './Masked';
import { GIG_OCCUPATIONS, useGigWorkers, useRegisterGig, type GigWorker, type GigWorkerBody } from './partyMembers.api';
import { ResidentPicker, type PickedResident } from './ResidentPicker';

export function GigWorkersTab({ community, canRegister }: { community: string; canRegister: boolean }) {
  const { t } = useI18n();
  const list = useGigWorkers(community);
  const [adding, setAdding] = useState(false);
  const rows = list.data ?? [];

  if (list.error) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" gap={8} wrap>
        <Flex gap={6} wrap>
          {GIG_OCCUPATIONS.map((o) => {
            const n = rows.filter((r) => r.occupation === o).length;
            return n ? <Tag key={o}>{t('gig.countOf', { occupation: t(`gig.occupation.${o}`), n })}</Tag> : null;
          })}
          {!rows.length && <Typography.Text type="secondary">{t('gig.help')}</Typography.Text>}
        </Flex>
        {canRegister && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('gig.add')}
          </Button>
        )}
      </Flex>
      <div data-testid="gig-workers">
        <Table<GigWorker>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          locale={{ emptyText: t('gig.none') }}
          columns={[
            { title: t('household.name'), dataIndex: 'name' },
            { title: t('household.mobile'), dataIndex: 'mobile', render: (m: string | null) => <Masked value={m} /> },
            { title: t('gig.occupation'), dataIndex: 'occupation', render: (o: string) => <Tag color="cyan">{occupationLabel(o, t)}</Tag> },
            { title: t('gig.company'), dataIndex: 'company' },
            { title: t('gig.partyMember'), dataIndex: 'isPartyMember', render: (p: boolean) => (p ? <Tag color="red">{t('gig.yes')}</Tag> : t('gig.no')) },
            { title: t('gig.registeredAt'), dataIndex: 'registeredAt', render: (at: string) => <span className="code">{formatDateTime(at)}</span> },
          ]}
        />
      </div>
      {adding && <GigModal community={community} onClose={() => setAdding(false)} />}
    </Flex>
  );
}

type T = ReturnType<typeof useI18n>['t'];
function occupationLabel(o: string, t: T): string {
  return (GIG_OCCUPATIONS as readonly string[]).includes(o) ? t(`gig.occupation.${o as GigWorkerBody['occupation']}`) : o;
}

interface Values {
  name: string;
  mobile: string;
  occupation: GigWorkerBody['occupation'];
  company: string;
  resident?: PickedResident;
  isPartyMember: boolean;
}

function GigModal({ community, onClose }: { community: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const register = useRegisterGig();

  const submit = async (v: Values) => {
    const body: GigWorkerBody = {
      name: v.name.trim(),
      mobile: normaliseMobile(v.mobile)!,
      occupation: v.occupation,
      company: v.company.trim(),
      communityCode: community,
      isPartyMember: v.isPartyMember,
      ...(v.resident ? { residentId: v.resident.id } : {}),
    };
    try {
      const w = await register.mutateAsync(body);
      void message.success(t('gig.registered', { name: w.name }));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, {
        fields: ['name', 'mobile', 'occupation', 'company', 'resident', 'isPartyMember'],
        known: { mobile: 'gig.mobileTaken' },
        aliases: { residentId: 'resident' },
      });
      if (rest) void message.error(rest);
    }
  };

  const text = (max: number, required: string) => [
    { required: true, whitespace: true, message: required },
    { max, message: t('form.tooLong', { n: max }) },
  ];

  return (
    <Modal
      open
      title={t('gig.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={register.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ isPartyMember: false }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.resident && /党员/.test(changed.resident.politicalStatus)) form.setFieldValue('isPartyMember', true);
        }}
      >
        <Form.Item name="name" label={t('household.name')} rules={text(40, t('form.nameRequired'))}>
          <Input />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('household.mobile')}
          rules={[
            { required: true, message: t('gig.mobileRequired') },
            { validator: (_, v?: string) => (!v || normaliseMobile(v) ? Promise.resolve() : Promise.reject(new Error(t('gig.mobileInvalid')))) },
          ]}
        >
          <Input inputMode="tel" maxLength={20} placeholder="13812345678" />
        </Form.Item>
        <Form.Item name="occupation" label={t('gig.occupation')} rules={[{ required: true, message: t('gig.occupationRequired') }]}>
          <Select options={GIG_OCCUPATIONS.map((o) => ({ value: o, label: t(`gig.occupation.${o}`) }))} />
        </Form.Item>
        <Form.Item name="company" label={t('gig.company')} rules={text(100, t('gig.companyRequired'))}>
          <Input placeholder={t('gig.companyPlaceholder')} />
        </Form.Item>
        <Form.Item name="resident" label={t('gig.resident')} extra={t('gig.residentHelp')}>
          <ResidentPicker root={community} />
        </Form.Item>
        <Form.Item name="isPartyMember" valuePropName="checked">
          <Checkbox>{t('gig.isPartyMember')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
