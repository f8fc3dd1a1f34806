/** 迁移: pick a new parent of the right level; the place gets a new code there, and the page follows it. */
import { App, Alert, Form, Input, Modal } from 'antd';
import { useNavigate } from 'react-router';
import type { Place } from '../../../../contracts/places';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { levelKey } from './levels';
import { parentLevelOf, useMovePlace } from './placeEditing.api';
import { PlaceSelect, type PickedPlace } from './PlaceSelect';

interface Values {
  newParent?: PickedPlace;
  note?: string;
}

export function MovePlaceModal({ place, onClose, onMoved }: { place: Place; onClose: () => void; onMoved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const move = useMovePlace(place.code);
  const parentLevel = parentLevelOf(place.level)!;
  const parentName = t(levelKey({ level: parentLevel, kind: null }));

  const submit = async (v: Values) => {
    try {
      const moved = await move.mutateAsync({ newParentCode: v.newParent!.code, ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      void message.success(t('placeEdit.moved', { name: place.name, code: moved.newCode }));
      onMoved();
      onClose();
      navigate(`/org/${moved.newCode}`);
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['newParent', 'note'], aliases: { newParentCode: 'newParent' } });
      if (rest) void message.error(rest);
    }
  };

  return (
    <Modal
      open
      title={t('placeEdit.moveTitle', { name: place.name })}
      okText={t('placeEdit.move')}
      cancelText={t('common.cancel')}
      confirmLoading={move.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon className="modal-alert" title={t('placeEdit.moveNote', { code: place.code })} />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="newParent"
          label={t('placeEdit.newParent', { level: parentName })}
          rules={[
            { required: true, message: t('placeEdit.newParentRequired', { level: parentName }) },
            {
              validator: (_, v?: PickedPlace) =>
                v && v.code === place.parentCode ? Promise.reject(new Error(t('placeEdit.alreadyThere'))) : Promise.resolve(),
            },
          ]}
        >
          <PlaceMoveTarget parentLevel={parentLevel} exclude={place.code} current={place.parentCode} placeholder={t('placeEdit.newParentRequired', { level: parentName })} />
        </Form.Item>
        <Form.Item name="note" label={t('placeEdit.note')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('placeEdit.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The picker as a form control (value/onChange from Form.Item). */
function PlaceMoveTarget({
  value,
  onChange,
  parentLevel,
  exclude,
  current,
  placeholder,
}: {
  value?: PickedPlace;
  onChange?: (p: PickedPlace) => void;
  parentLevel: NonNullable<ReturnType<typeof parentLevelOf>>;
  exclude: string;
  current: string | null;
  placeholder: string;
}) {
  return (
    <PlaceSelect
      testId="move-target"
      width="100%"
      value={value ?? null}
      onChange={(p) => onChange?.(p)}
      selectable={[parentLevel]}
      deepest={parentLevel}
      exclude={exclude}
      disabledCodes={current ? [current] : []}
      placeholder={placeholder}
    />
  );
}
