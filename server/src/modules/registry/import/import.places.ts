/** Finding the household of a row under the community by names (小区 → 楼栋 → 单元 → 房号), planning the places that are missing. */
import { CODE_LENGTH, type PlaceLevel } from '../../../../../contracts/roles.js';
import type { ImportColumn, ImportRejection } from '../../../../../contracts/registry-import.js';
import type { NewPlace } from '../../places/places.service.js';
import { householdName, type CheckedRow } from './import.rows.js';

export interface PlaceNode {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

const LEVELS: Array<{ level: PlaceLevel; column: ImportColumn; what: string }> = [
  { level: 'compound', column: '小区', what: '小区' },
  { level: 'building', column: '楼栋', what: '楼栋' },
  { level: 'unit', column: '单元', what: '单元' },
  { level: 'household', column: '房号', what: '房号' },
];

/**
 * The places under one community, by parent and name. A missing place gets the next free code
 * under its parent at once, but is only written (`takePending`) when a row that needs it is.
 */
export class PlaceResolver {
  private readonly children = new Map<string, Map<string, string>>();
  private readonly maxSeq = new Map<string, number>();
  private readonly pending = new Map<string, NewPlace>();

  constructor(
    readonly communityCode: string,
    existing: PlaceNode[],
    private readonly createPlaces: boolean,
  ) {
    for (const p of existing) if (p.parent_code) this.remember(p.parent_code, p.name, p.code);
  }

  private remember(parent: string, name: string, code: string) {
    let m = this.children.get(parent);
    if (!m) this.children.set(parent, (m = new Map()));
    if (!m.has(name)) m.set(name, code);
    const seq = Number(code.slice(parent.length));
    if (Number.isFinite(seq) && seq > (this.maxSeq.get(parent) ?? 0)) this.maxSeq.set(parent, seq);
  }

  /** The household code for a row, or the rejection naming the column that could not be placed. */
  resolve(r: CheckedRow): { householdCode: string } | ImportRejection {
    const names: Record<string, { candidates: string[]; create: string }> = {
      compound: { candidates: [r.compound], create: r.compound },
      building: withSuffix(r.building, '号楼'),
      unit: withSuffix(r.unit, '单元'),
      household: { candidates: [householdName(r.room), r.room], create: householdName(r.room) },
    };
    let parent = this.communityCode;
    let parentName = '';
    for (const { level, column, what } of LEVELS) {
      const { candidates, create } = names[level];
      const known = this.children.get(parent);
      let code = candidates.map((n) => known?.get(n)).find((c) => c !== undefined);
      if (!code) {
        if (level !== 'household' && !this.createPlaces) {
          const where = level === 'compound' ? '本社区' : parentName;
          return { row: r.row, column, reason: `${where}没有名为“${candidates[0]}”的${what}（如需自动新建，请勾选“自动新建小区/楼栋/单元”）` };
        }
        const width = CODE_LENGTH[level] - parent.length;
        const next = (this.maxSeq.get(parent) ?? 0) + 1;
        if (String(next).length > width) return { row: r.row, column, reason: `${parentName || '本社区'}下的${what}编号已用完` };
        code = parent + String(next).padStart(width, '0');
        this.remember(parent, create, code);
        this.pending.set(code, { code, name: create, level });
      }
      parentName = create;
      parent = code;
    }
    return { householdCode: parent };
  }

  /** The planned places that the given households need, parents first; they are written by the caller and no longer pending. */
  takePending(householdCodes: Iterable<string>): NewPlace[] {
    const out: NewPlace[] = [];
    if (!this.pending.size) return out;
    for (const h of householdCodes) {
      for (const len of [CODE_LENGTH.compound, CODE_LENGTH.building, CODE_LENGTH.unit, CODE_LENGTH.household]) {
        const code = h.slice(0, len);
        const p = this.pending.get(code);
        if (p) {
          out.push(p);
          this.pending.delete(code);
        }
      }
    }
    return out.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  }
}

/** "1" in the 楼栋 column means 1号楼 (and "1" in 单元 1单元): match either, create the long form. */
function withSuffix(v: string, suffix: string) {
  return /^\d+$/.test(v) ? { candidates: [v, v + suffix], create: v + suffix } : { candidates: [v], create: v };
}
