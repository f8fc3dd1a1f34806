/** The place tree on the left of 组织架构: my roots, children loaded when a node opens. */
import { useEffect, useState } from 'react';
import { Tree, type TreeDataNode } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Place } from '../../../../contracts/places';
import { fetchPlace, placeKey, usePlaceRoots } from './places.api';

interface Node extends TreeDataNode {
  key: string;
  children?: Node[];
}

// The tree asks for up to 500 children of a node at once (the API's maximum page).
const TREE_PAGE = 500;

const toNode = (p: Place): Node => ({ key: p.code, title: p.name, isLeaf: p.childCount === 0 });

/** Roots may come from different parents (a grid spans compounds): same-named ones get their code. */
function rootNodes(places: Place[]): Node[] {
  const seen = new Map<string, number>();
  for (const p of places) seen.set(p.name, (seen.get(p.name) ?? 0) + 1);
  return places.map((p) => ({ ...toNode(p), title: seen.get(p.name)! > 1 ? `${p.name} (${p.code})` : p.name }));
}

function withChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) =>
    n.key === key ? { ...n, children } : n.children ? { ...n, children: withChildren(n.children, key, children) } : n,
  );
}

/** `path` is the codes from the top of my view down to the selected place. */
export function PlaceTree({ selected, path }: { selected: string | null; path: string[] }) {
  const roots = usePlaceRoots();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);

  useEffect(() => {
    if (roots.data) setNodes((old) => (old.length ? old : rootNodes(roots.data)));
  }, [roots.data]);

  // Opening a page deep in the tree opens the tree down to it; the nodes load themselves when expanded.
  const pathKey = path.join('/');
  useEffect(() => {
    if (!pathKey) return;
    setExpanded((old) => [...new Set([...old, ...pathKey.split('/')])]);
  }, [pathKey]);

  const loadData = async (node: Node) => {
    if (node.children) return;
    let children: Node[] = [];
    try {
      const detail = await qc.fetchQuery({
        queryKey: placeKey(node.key, 1, TREE_PAGE),
        queryFn: () => fetchPlace(node.key, 1, TREE_PAGE),
        staleTime: 60_000,
      });
      children = detail.children.map(toNode);
    } catch {
      // The page on the right shows the error; the tree just shows no children.
    }
    setNodes((old) => withChildren(old, node.key, children));
  };

  return (
    <Tree<Node>
      className="place-tree"
      treeData={nodes}
      loadData={loadData}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys as string[])}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => {
        const key = keys[0];
        if (key != null) navigate(`/org/${String(key)}`);
      }}
      blockNode
    />
  );
}
