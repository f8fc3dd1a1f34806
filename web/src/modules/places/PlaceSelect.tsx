/** A place picker: my roots, children loaded as nodes open, down to `deepest`; only `selectable` levels pick. */
import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Place } from '../../../../contracts/places';
import { PLACE_LEVELS, type PlaceLevel } from '../../../../contracts/roles';
import { useI18n } from '../../i18n';
import { levelKey } from './levels';
import { fetchPlace, placeKey, usePlaceRoots } from './places.api';

export interface PickedPlace {
  code: string;
  name: string;
  level: PlaceLevel;
}

interface Node {
  value: string;
  title: string;
  place: PickedPlace;
  isLeaf: boolean;
  selectable: boolean;
  disabled: boolean;
  children?: Node[];
}

const deeper = (a: PlaceLevel, b: PlaceLevel) => PLACE_LEVELS.indexOf(a) > PLACE_LEVELS.indexOf(b);

function withChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) =>
    n.value === key ? { ...n, children, isLeaf: children.length === 0 } : n.children ? { ...n, children: withChildren(n.children, key, children) } : n,
  );
}

export function PlaceSelect({
  value,
  onChange,
  selectable,
  deepest,
  exclude,
  disabledCodes = [],
  placeholder,
  testId,
  width = 280,
}: {
  value: PickedPlace | null;
  onChange: (place: PickedPlace) => void;
  selectable: readonly PlaceLevel[];
  deepest: PlaceLevel;
  /** A subtree not to offer (a place cannot move under itself). */
  exclude?: string;
  /** Shown but not pickable (where a place is now). */
  disabledCodes?: readonly string[];
  placeholder?: string;
  testId?: string;
  width?: number | string;
}) {
  const { t } = useI18n();
  const roots = usePlaceRoots();
  const qc = useQueryClient();
  const [nodes, setNodes] = useState<Node[]>([]);

  const toNode = (p: Place): Node => ({
    value: p.code,
    title: disabledCodes.includes(p.code) ? t('picker.current', { name: p.name }) : `${p.name}（${t(levelKey(p))}）`,
    place: { code: p.code, name: p.name, level: p.level },
    isLeaf: p.childCount === 0 || p.level === deepest || deeper(p.level, deepest),
    selectable: selectable.includes(p.level),
    disabled: disabledCodes.includes(p.code),
  });

  useEffect(() => {
    if (roots.data) setNodes((old) => (old.length ? old : roots.data.map(toNode)));
    // toNode only depends on props that do not change while the picker is open.
  }, [roots.data]);

  const loadData = async (node: { value?: string | number; children?: unknown }) => {
    const code = String(node.value);
    if (node.children) return;
    let children: Node[] = [];
    try {
      const detail = await qc.fetchQuery({ queryKey: placeKey(code, 1, 500), queryFn: () => fetchPlace(code, 1, 500), staleTime: 60_000 });
      children = detail.children.filter((c) => !exclude || !c.code.startsWith(exclude)).map(toNode);
    } catch {
      // The picker shows no children; the page around it reports errors of its own loads.
    }
    setNodes((old) => withChildren(old, code, children));
  };

  return (
    <TreeSelect
      data-testid={testId}
      style={{ width }}
      labelInValue
      value={value ? { value: value.code, label: value.name } : undefined}
      treeData={nodes}
      loadData={loadData}
      loading={roots.isLoading}
      placeholder={placeholder ?? t('picker.place')}
      popupMatchSelectWidth={false}
      onSelect={(_: unknown, node: Node) => onChange(node.place)}
    />
  );
}
