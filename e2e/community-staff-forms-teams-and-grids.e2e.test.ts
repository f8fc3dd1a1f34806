/**
 * Journey: a community worker forms the three tier teams of 马邑路中心社区 in one go and appoints the
 * leader of a unit team; in 组织架构 she adds a building to a compound and renames the compound, and
 * sees the rename in its 沿革; in 网格管理 the new building shows as in no grid until she creates a
 * grid and assigns it there.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const COMMUNITY = '140602001001';
const COMPOUND = COMMUNITY + '001';
const FIRST_UNIT = COMPOUND + '00101';

const menu = () => frame.journey.page.locator('.ant-layout-sider');
const openModals = () => frame.journey.page.locator('.ant-modal-wrap:visible');

/** Waits until antd's opening animation has finished: on a loaded machine a click during it can be lost. */
async function settled(locator: Locator) {
  await eventually(() => locator.evaluate((el) => /-(appear|enter)\b/.test(el.className))).toBe(false);
}

/** Confirms the open modal once it stands still, and waits until it has closed (the save went through). */
async function confirmModal() {
  await settled(openModals().locator('.ant-modal'));
  await openModals().locator('.ant-modal-footer .ant-btn-primary').click();
  await eventually(() => openModals().count()).toBe(0);
}

const frame = journeyFrame('community-staff-forms-teams-and-grids', { viewport: { width: 1366, height: 900 } });

describe('community worker forms the tier teams, edits places and assigns a grid', () => {
  it('signs in and opens 三级队伍, where no tier team exists yet', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await eventually(() => menu().locator('.ant-menu').innerText()).toMatch(/组织架构[\s\S]*网格管理[\s\S]*三级队伍[\s\S]*党员管理/);
    await menu().getByRole('link', { name: '三级队伍' }).click();
    await page.waitForURL(`${frame.server.url}/teams`);
    await eventually(() => page.getByTestId('tier-row').count()).toBe(3 + 12 + 24);
    await eventually(() => page.getByTestId('tier-no-team').count()).toBe(39);
    await eventually(() => page.getByTestId('tier-count-unit_team').innerText()).toContain('已组建 0 / 24');
  });

  it('forms every tier team with 一键组建 and sees the counts', async () => {
    const { page } = frame.journey;
    await page.getByTestId('bootstrap').click();
    await settled(page.locator('.ant-popconfirm'));
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await eventually(() => page.getByTestId('bootstrap-result').innerText()).toBe(
      '新组建小区共治团 3 个、楼栋互助队 12 个、单元自治组 24 个；原有 0 个',
    );
    await eventually(() => page.getByTestId('tier-no-team').count()).toBe(0);
    await eventually(() => page.getByTestId('tier-count-compound_team').innerText()).toContain('已组建 3 / 3');
    await eventually(() => page.getByTestId('tier-count-building_team').innerText()).toContain('已组建 12 / 12');
    await eventually(() => page.getByTestId('tier-count-unit_team').innerText()).toMatch(/已组建 24 \/ 24[\s\S]*无队长 24/);
  });

  it('appoints the leader of 1号楼1单元自治组 from the households of the unit', async () => {
    const { page } = frame.journey;
    const row = page.locator(`[data-testid="tier-row"][data-place="${FIRST_UNIT}"]`);
    await row.getByTestId('tier-team').click();
    const drawer = page.getByTestId('team-drawer');
    await eventually(() => drawer.locator('.ant-drawer-title').innerText()).toBe('1号楼1单元自治组');
    await drawer.getByTestId('appoint-leader').click();
    await page.getByTestId('resident-picker').click();
    await settled(page.locator('.ant-cascader-dropdown'));
    // Opening a household is safe to repeat: click until its residents show in a second column.
    await eventually(async () => {
      await page.locator('.ant-cascader-menu-item', { hasText: '101室' }).click();
      return page.locator('.ant-cascader-menu').count();
    }).toBe(2);
    const resident = page.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item').first();
    const name = (await resident.innerText()).replace(/（.*$/, '');
    await resident.click();
    await confirmModal();
    const members = drawer.getByTestId('team-members').locator('tbody tr.ant-table-row');
    await eventually(() => members.count()).toBe(1);
    await eventually(() => members.first().innerText()).toMatch(new RegExp(`^${name}\\s+队长\\s+`));
    await drawer.locator('.ant-drawer-close').click();
    await eventually(() => row.getByTestId('tier-leader').innerText()).toBe(`队长 ${name}`);
    await eventually(() => page.getByTestId('tier-count-unit_team').innerText()).toContain('无队长 23');
  });

  it('adds 9号楼 to 幸福新邻里小区 in 组织架构', async () => {
    const { page } = frame.journey;
    await menu().getByRole('link', { name: '组织架构' }).click();
    await page.getByTestId('place-children').getByRole('link', { name: '马邑路中心社区', exact: true }).click();
    await page.getByTestId('place-children').getByRole('link', { name: '幸福新邻里小区', exact: true }).click();
    await page.waitForURL(`${frame.server.url}/org/${COMPOUND}`);
    await page.getByTestId('place-actions').getByRole('button', { name: '新建楼栋' }).click();
    await page.getByTestId('place-form').getByLabel('名称').fill('9号楼');
    await confirmModal();
    await eventually(() => page.getByTestId('place-children').innerText()).toContain('9号楼');
    await eventually(() => page.getByTestId('place-children').innerText()).toContain(`${COMPOUND}005`);
  });

  it('renames the compound and sees the rename in its 沿革', async () => {
    const { page } = frame.journey;
    await page.getByTestId('place-actions').getByRole('button', { name: '重命名' }).click();
    await page.getByTestId('place-form').getByLabel('名称').fill('幸福新邻里小区（一期）');
    await confirmModal();
    await eventually(() => page.getByTestId('place-name').innerText()).toBe('幸福新邻里小区（一期）');
    // The tree on the left follows the new name.
    await eventually(() => page.locator('.place-tree .ant-tree-node-selected').innerText()).toBe('幸福新邻里小区（一期）');
    await page.getByTestId('place-actions').getByRole('button', { name: '沿革' }).click();
    const entries = page.getByTestId('history-entry');
    await eventually(() => entries.count()).toBe(1);
    const text = await entries.first().innerText();
    expect(text).toMatch(/^更名/);
    expect(text).toContain('“幸福新邻里小区”更名为“幸福新邻里小区（一期）”');
    expect(text).toContain('经办人：马邑路中心社区工作者');
    await page.locator('.ant-drawer-close').click();
  });

  it('sees 9号楼 in no grid in 网格管理, creates 第三网格 and assigns 9号楼 to it', async () => {
    const { page } = frame.journey;
    await menu().getByRole('link', { name: '网格管理' }).click();
    await page.waitForURL(`${frame.server.url}/grids`);
    const unassigned = page.getByTestId('grid-unassigned');
    await eventually(() => unassigned.innerText()).toMatch(/1 栋楼尚未划入网格[\s\S]*幸福新邻里小区（一期）\s*9号楼/);
    await eventually(() => page.getByTestId('grid-card').count()).toBe(2);

    await page.getByRole('button', { name: '新建网格' }).click();
    await page.getByTestId('grid-name-form').getByLabel('网格名称').fill('第三网格');
    await confirmModal();
    const card = page.locator(`[data-testid="grid-card"][data-grid="${COMMUNITY}003"]`);
    await eventually(() => card.locator('.grid-name').innerText()).toBe('第三网格');
    await eventually(() => card.getByTestId('grid-buildings').innerText()).toContain('尚未划入楼栋');

    await card.getByRole('button', { name: '调整楼栋' }).click();
    await settled(openModals().locator('.ant-modal'));
    const transfer = page.getByTestId('grid-transfer');
    await transfer.locator('.ant-transfer-list-content-item', { hasText: '9号楼' }).click();
    await transfer.locator('.ant-transfer-actions button').first().click();
    await confirmModal();
    await eventually(() => unassigned.innerText()).toBe('所有楼栋均已划入网格');
    await eventually(() => card.getByTestId('grid-buildings').innerText()).toMatch(/楼栋（1）[\s\S]*幸福新邻里小区（一期）\s*9号楼/);
  });
});
