/** Picks a resident by walking down from a place to a household (there is no resident search in the API). */
import { useEffect, useState } from 'react';
import { Cascader } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Household } from '../../../../contracts/registry';
import type { PlaceLevel } from '../../../../contracts/roles';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { fetchPlace, placeKey } from '../places/places.api';

export interface PickedResident {
  id: string;
  name: string;
  politicalStatus: string;
}

interface Option {
  value: string;
  label: string;
  level: PlaceLevel | 'resident';
  isLeaf: boolean;
  resident?: PickedResident;
  children?: Option[];
}

/** `root`: the place to walk down from (a unit, building, compound or community). */
export function ResidentPicker({
  root,
  value,
  onChange,
  testId,
}: {
  root: string;
  value?: PickedResident;
  onChange?: (r: PickedResident | undefined) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);

  const childrenOf = async (code: string, level: PlaceLevel | 'resident'): Promise<Option[]> => {
    if (level === 'household') {
      const h = await qc.fetchQuery({ queryKey: ['household', code], queryFn: () => api<Household>(`/households/${encodeURIComponent(code)}`) });
      return h.residents.map((r) => ({
        value: r.id,
        label: `${r.name}（${r.relation}，${r.politicalStatus}）`,
        level: 'resident',
        isLeaf: true,
        resident: { id: r.id, name: r.name, politicalStatus: r.politicalStatus },
      }));
    }
    const d = await qc.fetchQuery({ queryKey: placeKey(code, 1, 500), queryFn: () => fetchPlace(code, 1, 500), staleTime: 30_000 });
    return d.children.map((c) => ({ value: c.code, label: c.name, level: c.level, isLeaf: c.level !== 'household' && c.childCount === 0 }));
  };

  useEffect(() => {
    let live = true;
    fetchPlace(root, 1, 1)
      .then((d) => childrenOf(root, d.place.level))
      .then((opts) => live && setOptions(opts))
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
    // childrenOf only uses the query client; the picker restarts when its root changes.
  }, [root]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    let children: Option[] = [];
    try {
      children = await childrenOf(target.value, target.level);
    } catch {
      // Shown as an empty column.
    }
    target.children = children;
    if (!children.length) target.isLeaf = true;
    setOptions((old) => [...old]);
  };

  return (
    <Cascader<Option>
      data-testid={testId}
      style={{ width: '100%' }}
      options={options}
      loadData={loadData}
      value={value ? path : undefined}
      placeholder={t('picker.resident')}
      changeOnSelect={false}
      onChange={(codes, selected) => {
        const last = selected?.[selected.length - 1];
        setPath((codes ?? []) as string[]);
        onChange?.(last?.resident);
      }}
      displayRender={(labels) => labels.join(' / ')}
    />
  );
}
