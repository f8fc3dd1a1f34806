/**
 * 定位: the phone's position (browser geolocation, WGS-84) as the ticket's pin. No map library is
 * installed, so the point is shown as numbers; when the browser cannot locate (denied, no GPS, plain
 * http), the person may type the coordinates or go back to her address.
 */
import { useState } from 'react';
import { Alert, Button, Flex, InputNumber, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { formatCoordinates } from '../../format';
import { useI18n } from '../../i18n';

export interface PinValue {
  lat: number;
  lng: number;
}

type Failure = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

export function PinField({ value, onChange }: { value?: PinValue; onChange?: (v: PinValue | undefined) => void }) {
  const { t } = useI18n();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [accuracy, setAccuracy] = useState<number | null>(null);

  const locate = () => {
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      setFailure('unsupported');
      return;
    }
    setLocating(true);
    setFailure(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setAccuracy(Math.round(pos.coords.accuracy));
        onChange?.({ lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)) });
      },
      (err) => {
        setLocating(false);
        setFailure(err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const set = (part: 'lat' | 'lng', v: number | null) => {
    const next = { lat: value?.lat ?? 0, lng: value?.lng ?? 0, [part]: v ?? 0 };
    onChange?.(next);
  };

  return (
    <Flex vertical gap={8} data-testid="pin-field">
      <Flex align="center" gap={8} wrap>
        <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="locate">
          {t(value ? 'tickets.pin.again' : 'tickets.pin.locate')}
        </Button>
        {value && (
          <Typography.Text data-testid="pin-value">
            {formatCoordinates(value.lat, value.lng)}
            {accuracy != null && <Typography.Text type="secondary">{t('tickets.pin.accuracy', { m: accuracy })}</Typography.Text>}
          </Typography.Text>
        )}
      </Flex>
      {failure && <Alert type="warning" showIcon title={t(`tickets.pin.fail.${failure}`)} description={t('tickets.pin.fallback')} />}
      {(failure || value) && (
        <Flex gap={8} wrap className="pin-inputs">
          <InputNumber prefix={t('tickets.pin.lat')} min={-90} max={90} step={0.0001} value={value?.lat} onChange={(v) => set('lat', v)} style={{ width: 170 }} />
          <InputNumber prefix={t('tickets.pin.lng')} min={-180} max={180} step={0.0001} value={value?.lng} onChange={(v) => set('lng', v)} style={{ width: 170 }} />
        </Flex>
      )}
    </Flex>
  );
}
