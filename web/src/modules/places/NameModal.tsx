/** A one-field modal for naming something (new grid, renamed grid or team); server field errors land on it. */
import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';

export function NameModal({
  title,
  label,
  initial,
  maxLength,
  testId,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  initial?: string;
  maxLength: number;
  testId?: string;
  /** Resolves when saved; a rejection is shown on the field. */
  onSubmit: (name: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [pending, setPending] = useState(false);

  const submit = async ({ name }: { name: string }) => {
    setPending(true);
    try {
      if (name.trim() !== initial) await onSubmit(name.trim());
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['name'] });
      if (rest) void message.error(rest);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ name: initial }} onFinish={(v) => submit(v)} data-testid={testId}>
        <Form.Item
          name="name"
          label={label}
          rules={[
            { required: true, whitespace: true, message: t('form.nameRequired') },
            { max: maxLength, message: t('form.tooLong', { n: maxLength }) },
          ]}
        >
          <Input autoFocus maxLength={maxLength} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
