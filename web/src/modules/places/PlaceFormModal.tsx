/** 新建下级 and 重命名: one form for a place's name (and code for divisions) and its point. */
import { App, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import type { CreatePlaceBody, UpdatePlaceBody } from '../../../../contracts/place-editing';
import type { Place } from '../../../../contracts/places';
import { CODE_LENGTH } from '../../../../contracts/roles';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { levelKey } from './levels';
import { childLevelOf, needsCode, useCreatePlace, useUpdatePlace } from './placeEditing.api';

interface Values {
  name: string;
  code?: string;
  kind?: '社区' | '村';
  lat?: number | null;
  lng?: number | null;
}

const FIELDS = ['name', 'code', 'kind', 'lat', 'lng'];

/** `mode` create: a child of `place`; rename: `place` itself. */
export function PlaceFormModal({
  place,
  mode,
  onClose,
  onDone,
}: {
  place: Place;
  mode: 'create' | 'rename';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreatePlace();
  const update = useUpdatePlace(place.code);
  const child = childLevelOf(place.level);
  const withCode = mode === 'create' && needsCode(child);
  const childName = child ? t(levelKey({ level: child, kind: null })) : '';

  const submit = async (v: Values) => {
    if ((v.lat == null) !== (v.lng == null)) {
      form.setFields([{ name: v.lat == null ? 'lat' : 'lng', errors: [t('placeEdit.latLngTogether')] }]);
      return;
    }
    try {
      if (mode === 'create') {
        const body: CreatePlaceBody = { parentCode: place.code, name: v.name.trim() };
        if (withCode) body.code = v.code;
        if (child === 'community') body.kind = v.kind;
        if (v.lat != null && v.lng != null) Object.assign(body, { lat: v.lat, lng: v.lng });
        const created = await create.mutateAsync(body);
        void message.success(t('placeEdit.created', { name: created.name }));
      } else {
        const body: UpdatePlaceBody = {};
        if (v.name.trim() !== place.name) body.name = v.name.trim();
        if ((v.lat ?? null) !== place.lat || (v.lng ?? null) !== place.lng) Object.assign(body, { lat: v.lat ?? null, lng: v.lng ?? null });
        if (!Object.keys(body).length) return onClose();
        await update.mutateAsync(body);
        void message.success(t('placeEdit.saved'));
      }
      onDone();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: FIELDS, known: { code: 'placeEdit.codeTaken' } });
      if (rest) void message.error(rest);
    }
  };

  return (
    <Modal
      open
      title={mode === 'create' ? t('placeEdit.createTitle', { level: childName, parent: place.name }) : t('placeEdit.renameTitle', { name: place.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="place-form"
        initialValues={mode === 'rename' ? { name: place.name, lat: place.lat, lng: place.lng } : { kind: '社区' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[
            { required: true, whitespace: true, message: t('placeEdit.nameRequired') },
            { max: 60, message: t('placeEdit.nameTooLong') },
          ]}
        >
          <Input autoFocus placeholder={mode === 'create' ? t('placeEdit.namePlaceholder', { level: childName }) : undefined} />
        </Form.Item>
        {withCode && child && (
          <Form.Item
            name="code"
            label={t('placeEdit.divisionCode')}
            extra={t('placeEdit.divisionCodeHelp', { n: CODE_LENGTH[child], parent: place.code })}
            rules={[
              { required: true, message: t('placeEdit.codeRequired') },
              {
                validator: (_, v: string | undefined) =>
                  !v || (v.length === CODE_LENGTH[child] && /^\d+$/.test(v) && v.startsWith(place.code))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('placeEdit.divisionCodeHelp', { n: CODE_LENGTH[child], parent: place.code }))),
              },
            ]}
          >
            <Input className="mono-input" maxLength={CODE_LENGTH[child]} />
          </Form.Item>
        )}
        {mode === 'create' && child === 'community' && (
          <Form.Item name="kind" label={t('placeEdit.kind')}>
            <Radio.Group options={[{ value: '社区', label: t('level.community') }, { value: '村', label: t('level.village') }]} />
          </Form.Item>
        )}
        <Form.Item label={t('org.coordinates')} extra={t('placeEdit.coordsHelp')}>
          <Space.Compact block>
            <Form.Item name="lat" noStyle>
              <InputNumber min={-90} max={90} step={0.0001} placeholder={t('placeEdit.lat')} style={{ width: '50%' }} />
            </Form.Item>
            <Form.Item name="lng" noStyle>
              <InputNumber min={-180} max={180} step={0.0001} placeholder={t('placeEdit.lng')} style={{ width: '50%' }} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
