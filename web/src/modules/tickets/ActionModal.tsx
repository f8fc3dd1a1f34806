/** The modal of one action: the fields that action needs (reason, note, photos, rating, date, target…), then POST. */
import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../api';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { actionErrorText } from './actionErrors';
import { PhotoUploader, stillUploading, uploadedIds, type PhotoFile } from './PhotoUploader';
import { useCategories, useTicketAction, useTicketList, type AnyBody, type TicketAction, type TicketSummary } from './tickets.api';
import { OPEN_STATUSES, RATINGS, TIERS, URGENCIES } from './vocab';

/** What the modal needs of the ticket (a queue row or the detail). */
export type ActionTarget = Pick<TicketSummary, 'id' | 'number' | 'title' | 'compoundCode' | 'communityCode' | 'categoryCode' | 'urgency' | 'tier'> & { version?: number };

interface Values {
  note?: string;
  reason?: string;
  rating?: AnyBody['rating'];
  comment?: string;
  hours?: number;
  reviewOn?: Dayjs;
  targetId?: string;
  tier?: AnyBody['tier'];
  categoryCode?: string;
  urgency?: AnyBody['urgency'];
  photos?: PhotoFile[];
}

const REASON: ReadonlySet<TicketAction> = new Set(['return', 'request_extension', 'reopen', 'shelve', 'cancel']);
const NOTE_REQUIRED: ReadonlySet<TicketAction> = new Set(['escalate', 'supervise', 'report_back', 'verify_fail']);
const NOTE_OPTIONAL: ReadonlySet<TicketAction> = new Set(['accept', 'approve_extension', 'reject_extension', 'verify_pass', 'unshelve', 'merge', 'dispatch']);
const FIELDS = ['note', 'reason', 'rating', 'comment', 'hours', 'reviewOn', 'targetId', 'tier', 'categoryCode', 'urgency', 'photos'];

/** Candidates to merge into: open tickets of the same compound (or community) and category. */
function MergeTarget({ ticket }: { ticket: ActionTarget }) {
  const { t } = useI18n();
  const place = ticket.compoundCode ?? ticket.communityCode;
  const list = useTicketList({ scope: 'place', place: place ?? undefined, category: ticket.categoryCode, pageSize: 100 }, !!place);
  const options = (list.data?.items ?? [])
    .filter((x) => x.id !== ticket.id && OPEN_STATUSES.includes(x.status) && x.status !== 'shelved')
    .map((x) => ({ value: x.id, label: `${x.number} ${x.title}` }));
  return (
    <Form.Item name="targetId" label={t('tickets.form.mergeTarget')} rules={[{ required: true, message: t('tickets.form.mergeTargetRequired') }]}>
      <Select showSearch={{ optionFilterProp: 'label' }} loading={list.isLoading} options={options} notFoundContent={t('tickets.form.noMergeTarget')} data-testid="merge-target" />
    </Form.Item>
  );
}

function bodyOf(action: TicketAction, v: Values): AnyBody {
  const body: AnyBody = {};
  if (v.note?.trim()) body.note = v.note.trim();
  if (REASON.has(action)) body.reason = v.reason!.trim();
  if (action === 'rate') {
    body.rating = v.rating;
    if (v.comment?.trim()) body.comment = v.comment.trim();
  }
  if (action === 'request_extension') body.hours = v.hours;
  if (action === 'shelve') body.reviewOn = v.reviewOn!.format('YYYY-MM-DD');
  if (action === 'merge') body.targetId = v.targetId;
  if (action === 'dispatch') {
    if (v.tier) body.tier = v.tier;
    if (v.categoryCode) body.categoryCode = v.categoryCode;
    if (v.urgency) body.urgency = v.urgency;
  }
  if (action === 'report_back' || action === 'verify_fail') {
    const ids = uploadedIds(v.photos);
    if (ids.length) body.photoIds = ids;
  }
  return body;
}

export function ActionModal({ ticket, action, onClose, onDone }: { ticket: ActionTarget; action: TicketAction; onClose: () => void; onDone?: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const act = useTicketAction();
  const categories = useCategories();
  const photos = Form.useWatch('photos', form);

  const submit = async (v: Values) => {
    try {
      await act.mutateAsync({ id: ticket.id, action, body: { ...bodyOf(action, v), ...(ticket.version !== undefined ? { version: ticket.version } : {}) } });
      void message.success(t('tickets.action.done', { action: t(`tickets.action.${action}`), number: ticket.number }));
      onDone?.();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        void message.warning(actionErrorText(e, t, lang));
        onClose();
        return;
      }
      const rest = showFormError(form, e, t, lang, { fields: FIELDS, aliases: { photoIds: 'photos' } });
      if (rest) void message.error(actionErrorText(e, t, lang));
    }
  };

  const noteLabel = action === 'report_back' ? t('tickets.form.reportNote') : action === 'supervise' ? t('tickets.form.superviseNote') : t('tickets.form.note');

  return (
    <Modal
      open
      title={`${t(`tickets.action.${action}`)} · ${ticket.number}`}
      okText={t('tickets.action.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={act.isPending}
      okButtonProps={{ disabled: stillUploading(photos), danger: action === 'cancel' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        data-testid={`action-form-${action}`}
        initialValues={{ hours: 24, reviewOn: dayjs().add(30, 'day') }}
      >
        <p className="action-ticket-title">{ticket.title}</p>
        {action === 'rate' && (
          <Form.Item name="rating" label={t('tickets.form.rating')} rules={[{ required: true, message: t('tickets.form.ratingRequired') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={RATINGS.map((r) => ({ value: r, label: t(`tickets.rating.${r}`) }))} />
          </Form.Item>
        )}
        {action === 'rate' && (
          <Form.Item name="comment" label={t('tickets.form.comment')}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <Form.Item name="hours" label={t('tickets.form.hours')} extra={t('tickets.form.hoursHelp')} rules={[{ required: true, message: t('tickets.form.hoursRequired') }]}>
            <InputNumber min={1} max={2160} step={24} style={{ width: 160 }} />
          </Form.Item>
        )}
        {action === 'shelve' && (
          <Form.Item name="reviewOn" label={t('tickets.form.reviewOn')} rules={[{ required: true, message: t('tickets.form.reviewOnRequired') }]}>
            <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        )}
        {action === 'merge' && <MergeTarget ticket={ticket} />}
        {action === 'dispatch' && (
          <>
            <Form.Item name="tier" label={t('tickets.form.tier')} extra={t('tickets.form.tierHelp')}>
              <Select allowClear options={TIERS.map((x) => ({ value: x, label: t(`tickets.tier.${x}`) }))} />
            </Form.Item>
            <Form.Item name="categoryCode" label={t('tickets.form.category')}>
              <Select allowClear placeholder={categories.data?.find((c) => c.code === ticket.categoryCode)?.name} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} />
            </Form.Item>
            <Form.Item name="urgency" label={t('tickets.form.urgency')}>
              <Select allowClear placeholder={t(`tickets.urgency.${ticket.urgency}`)} options={URGENCIES.map((u) => ({ value: u, label: t(`tickets.urgency.${u}`) }))} />
            </Form.Item>
          </>
        )}
        {REASON.has(action) && (
          <Form.Item
            name="reason"
            label={t(action === 'request_extension' ? 'tickets.form.extensionReason' : 'tickets.form.reason')}
            rules={[
              { required: true, whitespace: true, message: t('tickets.form.reasonRequired') },
              { min: 2, message: t('tickets.form.reasonShort') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {(NOTE_REQUIRED.has(action) || NOTE_OPTIONAL.has(action)) && (
          <Form.Item name="note" label={noteLabel} rules={NOTE_REQUIRED.has(action) ? [{ required: true, whitespace: true, message: t('tickets.form.noteRequired') }] : []}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        )}
        {(action === 'report_back' || action === 'verify_fail') && (
          <Form.Item name="photos" label={t('tickets.form.photos')} valuePropName="value">
            <PhotoUploader testId="report-photos" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
