/**
 * The report form of three channels: a resident on her phone (her household or a pin), a grid worker's
 * patrol (a place in her grid or a pin; perhaps on someone's behalf), staff entering a phone call (the
 * caller, a place). The category is suggested from the text and can be changed; photos upload as they
 * are picked; similar open tickets are offered before a new one goes in; one Idempotency-Key per
 * submission, reused by a retry.
 */
import { useEffect, useRef, useState } from 'react';
import { App, Button, Flex, Form, Input, Radio, Segmented, Select, Switch, Tag, Typography } from 'antd';
import { ApiError } from '../../api';
import { showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import type { PlaceLevel } from '../../../../contracts/roles';
import { PlaceSelect, type PickedPlace } from '../places/PlaceSelect';
import { PinField, type PinValue } from './PinField';
import { PhotoUploader, stillUploading, uploadedIds, type PhotoFile } from './PhotoUploader';
import { SimilarModal } from './SimilarModal';
import { fetchSimilar, suggestCategory, useCategories, useCreateTicket, type CreateBody, type SimilarTicket, type Urgency } from './tickets.api';
import { newUuid, URGENCIES } from './vocab';

export type FormChannel = 'resident' | 'patrol' | 'phone';

interface Values {
  description: string;
  categoryCode?: string;
  urgency: Urgency;
  where: 'home' | 'place' | 'pin';
  place?: PickedPlace;
  pin?: PinValue;
  onBehalf?: boolean;
  callerName?: string;
  callerPhone?: string;
  photos?: PhotoFile[];
}

const FIELDS = ['description', 'categoryCode', 'urgency', 'place', 'pin', 'callerName', 'photos'];
const MOBILE = /^1[3-9]\d{9}$/;

export function TicketForm({
  channel,
  home,
  placeLevels = ['community', 'compound', 'building', 'unit', 'household'],
  onCreated,
}: {
  channel: FormChannel;
  /** The resident's household (her default place). */
  home?: { code: string; address: string };
  placeLevels?: readonly PlaceLevel[];
  /** Where to go next: the new ticket, or the one she followed instead. */
  onCreated: (ticketId: string) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const create = useCreateTicket();
  const key = useRef(newUuid());
  const touchedCategory = useRef(false);
  const [suggested, setSuggested] = useState<{ code: string; name: string }[]>([]);
  const [similar, setSimilar] = useState<{ list: SimilarTicket[]; values: Values } | null>(null);
  const [checking, setChecking] = useState(false);
  const description = Form.useWatch('description', form);
  const where = Form.useWatch('where', form);
  const onBehalf = Form.useWatch('onBehalf', form);
  const photos = Form.useWatch('photos', form);
  const needsCaller = channel === 'phone' || (channel === 'patrol' && onBehalf);

  // The category follows the text until the person picks one herself.
  useEffect(() => {
    const text = description?.trim() ?? '';
    if (text.length < 4) return;
    let live = true;
    const timer = setTimeout(() => {
      suggestCategory(text)
        .then((list) => {
          if (!live) return;
          setSuggested(list.slice(0, 3));
          if (list[0] && !touchedCategory.current) form.setFieldValue('categoryCode', list[0].code);
        })
        .catch(() => undefined); // a suggestion is a help, not a requirement
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [description, form]);

  const placeCodeOf = (v: Values): string | undefined => (v.where === 'home' ? home?.code : v.where === 'place' ? v.place?.code : undefined);
  const compoundOf = (v: Values): string | null => {
    const code = placeCodeOf(v) ?? (channel === 'resident' ? home?.code : undefined);
    return code && code.length >= 15 ? code.slice(0, 15) : null;
  };

  const send = async (v: Values) => {
    const body: CreateBody = { channel, description: v.description.trim(), urgency: v.urgency };
    if (v.categoryCode) body.categoryCode = v.categoryCode;
    const placeCode = placeCodeOf(v);
    if (placeCode) body.placeCode = placeCode;
    else if (v.pin) body.pin = { lat: v.pin.lat, lng: v.pin.lng, crs: 'wgs84' };
    if (needsCaller) body.caller = { name: v.callerName!.trim(), phone: v.callerPhone!.trim() };
    const ids = uploadedIds(v.photos);
    if (ids.length) body.photoIds = ids;
    try {
      const detail = await create.mutateAsync({ body, key: key.current });
      key.current = newUuid();
      setSimilar(null);
      void message.success(t('tickets.report.sent', { number: detail.ticket.number }));
      onCreated(detail.ticket.id);
    } catch (e) {
      setSimilar(null);
      // A 4xx is final for this content: the next try (after a fix) is a new submission.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 409) key.current = newUuid();
      const rest = showFormError(form, e, t, lang, { fields: FIELDS, aliases: { placeCode: 'place', caller: 'callerName', photoIds: 'photos' } });
      if (rest) void message.error(rest);
    }
  };

  const submit = async (v: Values) => {
    const compound = compoundOf(v);
    const text = v.description.trim();
    if (v.categoryCode && compound && text.length >= 2) {
      setChecking(true);
      try {
        const list = await fetchSimilar(v.categoryCode, compound, text);
        if (list.length) {
          setSimilar({ list, values: v });
          return;
        }
      } catch {
        // Cannot look for duplicates (not her compound, say): file it anyway.
      } finally {
        setChecking(false);
      }
    }
    await send(v);
  };

  const whereOptions =
    channel === 'resident'
      ? [
          { value: 'home', label: t('tickets.report.whereHome') },
          { value: 'pin', label: t('tickets.report.wherePin') },
        ]
      : [
          { value: 'place', label: t('tickets.report.wherePlace') },
          { value: 'pin', label: t('tickets.report.wherePin') },
        ];

  return (
    <>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ urgency: 'general', where: channel === 'resident' ? 'home' : 'place', onBehalf: false, photos: [] }}
        onFinish={(v) => void submit(v)}
        data-testid={`ticket-form-${channel}`}
        className="ticket-form"
      >
        {needsCaller && (
          <Flex gap={12} wrap>
            <Form.Item name="callerName" label={t('tickets.report.callerName')} rules={[{ required: true, whitespace: true, message: t('tickets.report.callerNameRequired') }]} className="grow">
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              name="callerPhone"
              label={t('tickets.report.callerPhone')}
              rules={[
                { required: true, message: t('tickets.report.callerPhoneRequired') },
                { pattern: MOBILE, message: t('tickets.report.callerPhoneInvalid') },
              ]}
              className="grow"
            >
              <Input inputMode="tel" maxLength={11} />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="description" label={t('tickets.report.description')} rules={[{ required: true, whitespace: true, message: t('tickets.report.descriptionRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('tickets.report.descriptionPlaceholder')} data-testid="description" />
        </Form.Item>
        <Form.Item
          name="categoryCode"
          label={t('tickets.report.category')}
          extra={
            suggested.length > 0 && (
              <span className="suggestions" data-testid="category-suggestions">
                {t('tickets.report.suggested')}
                {suggested.map((s) => (
                  <Tag
                    key={s.code}
                    color="red"
                    className="suggestion"
                    onClick={() => {
                      touchedCategory.current = true;
                      form.setFieldValue('categoryCode', s.code);
                    }}
                  >
                    {s.name}
                  </Tag>
                ))}
              </span>
            )
          }
        >
          <Select
            allowClear
            loading={categories.isLoading}
            placeholder={t('tickets.report.categoryAuto')}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
            onChange={() => (touchedCategory.current = true)}
            data-testid="category"
          />
        </Form.Item>
        <Form.Item name="urgency" label={t('tickets.report.urgency')}>
          <Segmented<Urgency> block options={URGENCIES.map((u) => ({ value: u, label: t(`tickets.urgency.${u}`) }))} data-testid="urgency" />
        </Form.Item>
        {channel === 'patrol' && (
          <Form.Item name="onBehalf" label={t('tickets.report.onBehalf')} valuePropName="checked" extra={t('tickets.report.onBehalfHelp')}>
            <Switch />
          </Form.Item>
        )}
        <Form.Item name="where" label={t('tickets.report.where')}>
          <Radio.Group options={whereOptions} />
        </Form.Item>
        {where === 'home' && home && (
          <Typography.Paragraph className="report-home" data-testid="report-home">
            {home.address}
          </Typography.Paragraph>
        )}
        {where === 'place' && (
          <Form.Item name="place" rules={[{ required: true, message: t('tickets.report.placeRequired') }]}>
            <PlaceSelect value={form.getFieldValue('place') ?? null} onChange={(p) => form.setFieldValue('place', p)} selectable={placeLevels} deepest="household" testId="report-place" width="100%" />
          </Form.Item>
        )}
        {where === 'pin' && (
          <Form.Item name="pin" rules={[{ required: true, message: t('tickets.report.pinRequired') }]}>
            <PinField />
          </Form.Item>
        )}
        <Form.Item name="photos" label={t('tickets.report.photos')} extra={t('tickets.report.photosHelp')}>
          <PhotoUploader />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={create.isPending || checking} disabled={stillUploading(photos)} data-testid="submit-ticket">
          {stillUploading(photos) ? t('tickets.report.waitPhotos') : t('tickets.report.submit')}
        </Button>
      </Form>
      {similar && (
        <SimilarModal
          similar={similar.list}
          submitting={create.isPending}
          onFollowed={(s) => {
            setSimilar(null);
            form.resetFields();
            onCreated(s.id);
          }}
          onSubmitAnyway={() => void send(similar.values)}
          onCancel={() => setSimilar(null)}
        />
      )}
    </>
  );
}
