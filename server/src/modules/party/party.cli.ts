/** `linli` commands of the party module. */
import { UsageError, withDatabase, type Command } from '../../platform/cli.js';
import { computeCoveragePlan } from './party.service.js';

const KIND = { own: '独立', joint: '联合' } as const;

export const partyCommands: Record<string, Command> = {
  coverage: {
    usage:
      'linli coverage <place-code> [--json]\n' +
      '  Print the party-organisation coverage plan (党组织覆盖方案) for a city, county, township, community or compound:\n' +
      '  branches over compounds and groups over buildings, counting full members kept in the community.\n' +
      '  --json prints {"branches": [{"kind", "compounds", "fullMembers", "groups": [{"kind", "buildings", "fullMembers"}]}], "uncovered": [codes]}.',
    options: { json: { type: 'boolean', default: false } },
    positionals: true,
    run: async (v, positionals) => {
      if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one place code, got ${positionals.length} arguments` : 'a place code is required');
      const code = positionals[0];
      if (!/^[0-9]{4,24}$/.test(code)) throw new UsageError(`"${code}" is not a place code (4 to 24 digits)`);
      await withDatabase(async ({ database }) => {
        const { place, plan, places, communities } = await computeCoveragePlan(database.db, code);
        if (v.json) {
          // Exactly the issue's shape, nothing more.
          const out = {
            branches: plan.branches.map((b) => ({
              kind: b.kind,
              compounds: b.compounds,
              fullMembers: b.fullMembers,
              groups: b.groups.map((g) => ({ kind: g.kind, buildings: g.buildings, fullMembers: g.fullMembers })),
            })),
            uncovered: plan.uncovered,
          };
          console.log(JSON.stringify(out, null, 2));
          return;
        }
        const names = new Map([...places.map((p) => [p.code, p.name] as const), ...communities.map((c) => [c.code, c.name] as const)]);
        const name = (c: string) => names.get(c) ?? c;
        const groups = plan.branches.reduce((n, b) => n + b.groups.length, 0);
        const lines = [
          `党组织覆盖方案 ${place.name} (${place.code})`,
          `支部 ${plan.branches.length} 个（独立 ${plan.branches.filter((b) => b.kind === 'own').length}，联合 ${plan.branches.filter((b) => b.kind === 'joint').length}），党小组 ${groups} 个，未覆盖小区 ${plan.uncovered.length} 个`,
        ];
        let community = '';
        plan.branches.forEach((b, i) => {
          if (b.compounds[0].slice(0, 12) !== community) {
            community = b.compounds[0].slice(0, 12);
            lines.push('', `【${name(community)}】`);
          }
          lines.push(`${String(i + 1).padStart(3)}. ${KIND[b.kind]}支部  正式党员 ${String(b.fullMembers).padStart(3)}  ${b.compounds.map(name).join('、')}`);
          for (const g of b.groups) lines.push(`       ${KIND[g.kind]}党小组 ${String(g.fullMembers).padStart(3)}  ${g.buildings.map((x) => (b.compounds.length > 1 ? name(x.slice(0, 15)) : '') + name(x)).join('、')}`);
        });
        lines.push('', `未覆盖小区: ${plan.uncovered.length ? plan.uncovered.map((c) => `${name(c)} (${c})`).join('、') : '无'}`);
        console.log(lines.join('\n'));
      });
    },
  },
};
