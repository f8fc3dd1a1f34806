/** 登记党员 / 编辑: status, join date and where the membership is kept (another organisation must be named). */
import { App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { useSetMembership, type MemberKept, type MemberStatus, type PartyMember } from './partyMembers.api';
import { ResidentPicker, type PickedResident } from './ResidentPicker';

interface Values {
  resident?: PickedResident;
  status: MemberStatus;
  joinDate?: Dayjs | null;
  membershipKept: MemberKept;
  membershipOrg?: string;
}

/** `member` to edit one; without it, a resident is picked under `root`. */
export function MembershipModal({ member, root, onClose }: { member?: PartyMember; root: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSetMembership();
  const kept = Form.useWatch('membershipKept', form);

  const submit = async (v: Values) => {
    const residentId = member?.residentId ?? v.resident!.id;
    try {
      await save.mutateAsync({
        residentId,
        body: {
          status: v.status,
          membershipKept: v.membershipKept,
          ...(v.joinDate ? { joinDate: v.joinDate.format('YYYY-MM-DD') } : {}),
          ...(v.membershipKept === 'elsewhere' ? { membershipOrg: v.membershipOrg!.trim() } : {}),
        },
      });
      void message.success(t('members.saved', { name: member?.name ?? v.resident!.name }));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['resident', 'status', 'joinDate', 'membershipKept', 'membershipOrg'], aliases: { id: 'resident', residentId: 'resident' } });
      if (rest) void message.error(rest);
    }
  };

  return (
    <Modal
      open
      title={member ? t('members.editTitle', { name: member.name }) : t('members.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          member
            ? {
                status: member.status,
                joinDate: member.joinDate ? dayjs(member.joinDate) : null,
                membershipKept: member.membershipKept,
                membershipOrg: member.membershipOrg ?? undefined,
              }
            : { status: 'full', membershipKept: 'community' }
        }
      >
        {!member && (
          <Form.Item name="resident" label={t('members.resident')} rules={[{ required: true, message: t('teams.residentRequired') }]} extra={t('members.residentHelp')}>
            <ResidentPicker root={root} />
          </Form.Item>
        )}
        <Form.Item name="status" label={t('members.status')}>
          <Radio.Group
            options={[
              { value: 'full', label: t('members.status.full') },
              { value: 'probationary', label: t('members.status.probationary') },
            ]}
          />
        </Form.Item>
        <Form.Item name="joinDate" label={t('members.joinDate')}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs())} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="membershipKept" label={t('members.kept')}>
          <Radio.Group
            options={[
              { value: 'community', label: t('members.kept.community') },
              { value: 'elsewhere', label: t('members.kept.elsewhere') },
            ]}
          />
        </Form.Item>
        {kept === 'elsewhere' && (
          <Form.Item
            name="membershipOrg"
            label={t('members.org')}
            rules={[
              { required: true, whitespace: true, message: t('members.orgRequired') },
              { max: 100, message: t('form.tooLong', { n: 100 }) },
            ]}
          >
            <Input placeholder={t('members.orgPlaceholder')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
