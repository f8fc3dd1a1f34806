/** 任命队长 / 添加队员: a resident found by walking down from the team's place; the leader replaces the old one. */
import { App, Form, Modal, Radio, Select } from 'antd';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { ResidentPicker, type PickedResident } from '../registry/ResidentPicker';
import { MEMBER_SOURCES, useAddMember, type MemberSource, type Team } from './teams.api';

interface Values {
  resident?: PickedResident;
  role: 'leader' | 'member';
  source?: MemberSource;
}

/** Residents of the community may join any of its teams; the picker starts at the team's place. */
export function AddMemberModal({ team, role, onClose }: { team: Team; role: 'leader' | 'member'; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddMember(team.id);

  const submit = async (v: Values) => {
    try {
      await add.mutateAsync({ residentId: v.resident!.id, role: v.role, ...(v.source ? { source: v.source } : {}) });
      void message.success(v.role === 'leader' ? t('teams.leaderAppointed', { name: v.resident!.name }) : t('teams.memberAdded', { name: v.resident!.name }));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['resident', 'role', 'source'], aliases: { residentId: 'resident' } });
      if (rest) void message.error(rest);
    }
  };

  return (
    <Modal
      open
      title={role === 'leader' ? t('teams.appointLeaderTitle', { team: team.name }) : t('teams.addMemberTitle', { team: team.name })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ role }} onFinish={(v) => void submit(v)} data-testid="member-form">
        <Form.Item name="resident" label={t('teams.resident')} extra={t('teams.residentHelp', { place: team.placeName })} rules={[{ required: true, message: t('teams.residentRequired') }]}>
          <ResidentPicker root={team.placeCode} testId="resident-picker" />
        </Form.Item>
        <Form.Item name="role" label={t('teams.role')}>
          <Radio.Group
            options={[
              { value: 'leader', label: t('teams.role.leader') },
              { value: 'member', label: t('teams.role.member') },
            ]}
          />
        </Form.Item>
        <Form.Item name="source" label={t('teams.source')} extra={t('teams.sourceHelp')}>
          <Select allowClear placeholder={t('teams.sourceAuto')} options={MEMBER_SOURCES.map((s) => ({ value: s, label: t(`teams.source.${s}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
