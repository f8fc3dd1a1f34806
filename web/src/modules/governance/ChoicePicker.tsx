/** Staff enter a paper ballot's choices: one button per answer of a matter, or the candidates of an election; optionally a spoilt ballot (no choice). */
import { Button, Select, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import type { Vote } from './governance.api';

export function ChoicePicker({ vote, testId, enterLabel, disabled, spoilt, onPick }: { vote: Vote; testId: string; enterLabel: string; disabled?: boolean; spoilt?: boolean; onPick: (choices: string[]) => void }) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<string[]>([]);
  const pick = (choices: string[]) => {
    onPick(choices);
    setPicked([]);
  };
  return (
    <Space size={4} wrap>
      {vote.kind === 'matter' ? (
        vote.options.map((o) => (
          <Button key={o.key} size="small" disabled={disabled} data-testid={`${testId}-${o.key}`} onClick={() => pick([o.key])}>
            {o.label}
          </Button>
        ))
      ) : (
        <>
          <Select mode="multiple" size="small" style={{ minWidth: 140 }} maxCount={vote.seats} disabled={disabled} options={vote.options.map((o) => ({ value: o.key, label: o.label }))} value={picked} onChange={setPicked} />
          <Button size="small" disabled={disabled || !picked.length} data-testid={`${testId}-enter`} onClick={() => pick(picked)}>
            {enterLabel}
          </Button>
        </>
      )}
      {spoilt && (
        <Button size="small" danger disabled={disabled} data-testid={`${testId}-spoilt`} onClick={() => pick([])}>
          {t('vote.spoilt')}
        </Button>
      )}
    </Space>
  );
}
