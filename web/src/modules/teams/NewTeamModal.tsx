/** 新建队伍: a 新社工队 on a community, or a themed team (环境整治联户 …) on a compound or community. */
import { App, AutoComplete, Form, Input, Modal, Radio, Select } from 'antd';
import type { CreateTeamBody } from '../../../../contracts/teams';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { THEMES, useCreateTeam } from './teams.api';

interface Values {
  kind: 'social_work' | 'themed';
  placeCode?: string;
  theme?: string;
  name?: string;
}

export interface TeamPlaceOption {
  code: string;
  name: string;
  level: 'community' | 'compound';
}

export function NewTeamModal({ places, onClose }: { places: TeamPlaceOption[]; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateTeam();
  const kind = Form.useWatch('kind', form) ?? 'themed';
  const community = places.find((p) => p.level === 'community');
  const choices = kind === 'social_work' ? places.filter((p) => p.level === 'community') : places;

  const submit = async (v: Values) => {
    const body: CreateTeamBody = { kind: v.kind, placeCode: v.placeCode! };
    if (v.kind === 'themed') body.theme = v.theme!.trim();
    if (v.name?.trim()) body.name = v.name.trim();
    try {
      const team = await create.mutateAsync(body);
      void message.success(t('teams.created', { name: team.name }));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['kind', 'placeCode', 'theme', 'name'], known: { kind: 'teams.exists' } });
      if (rest) void message.error(rest);
    }
  };

  return (
    <Modal
      open
      title={t('teams.newTeam')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'themed', placeCode: community?.code ?? places[0]?.code }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind === 'social_work') form.setFieldValue('placeCode', community?.code);
        }}
      >
        <Form.Item name="kind" label={t('teams.kind')}>
          <Radio.Group
            options={[
              { value: 'themed', label: t('teams.kind.themed') },
              { value: 'social_work', label: t('teams.kind.social_work'), disabled: !community },
            ]}
          />
        </Form.Item>
        <Form.Item name="placeCode" label={t('teams.place')} rules={[{ required: true, message: t('teams.placeRequired') }]}>
          <Select options={choices.map((p) => ({ value: p.code, label: `${p.name}（${t(`level.${p.level}`)}）` }))} />
        </Form.Item>
        {kind === 'themed' && (
          <Form.Item
            name="theme"
            label={t('teams.theme')}
            rules={[
              { required: true, whitespace: true, message: t('teams.themeRequired') },
              { max: 60, message: t('form.tooLong', { n: 60 }) },
            ]}
          >
            <AutoComplete options={THEMES.map((th) => ({ value: th }))} placeholder={t('teams.themePlaceholder')} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('teams.name')} extra={t('teams.nameHelp')} rules={[{ max: 60, message: t('form.tooLong', { n: 60 }) }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
