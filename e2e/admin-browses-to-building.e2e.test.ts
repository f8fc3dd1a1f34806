/**
 * Journey: the city admin signs in on a desktop, sees the layout in Chinese, and clicks down the
 * organisation tree from 朔州市 to 1号楼, where the building's units and its grid show.
 */
import { describe, expect, it } from 'vitest';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const frame = journeyFrame('admin-browses-to-building', { viewport: { width: 1280, height: 900 } });

describe('city admin browses from the city down to a building', () => {
  it('is told when the password is wrong', async () => {
    const { page } = frame.journey;
    frame.journey.expectHttpError(401, '/api/v1/auth/login');
    await page.goto(`${frame.server.url}/org`);
    await page.waitForURL(/\/login\?next=%2Forg$/);
    await signIn(page, 'admin', 'not-the-password');
    await eventually(() => page.getByRole('alert').innerText()).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
  });

  it('signs in and sees the layout in Chinese', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'admin', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await eventually(() => page.getByTestId('user-name').innerText()).toBe('市级管理员');
    const menu = page.locator('.ant-layout-sider .ant-menu');
    expect(await menu.innerText()).toMatch(/首页[\s\S]*组织架构[\s\S]*审计日志/);
    const roles = await page.getByTestId('my-roles').innerText();
    expect(roles).toContain('市级管理员');
    expect(roles).toContain('朔州市');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('opens 组织架构 and clicks down 朔州市 → 朔城区 → 北城街道 → 马邑路中心社区 → a compound → 1号楼', async () => {
    const { page } = frame.journey;
    await page.locator('.ant-layout-sider').getByRole('link', { name: '组织架构' }).click();
    await page.waitForURL(`${frame.server.url}/org`);

    const children = page.getByTestId('place-children');
    const goDown = async (name: string, level: string) => {
      await children.getByRole('link', { name, exact: true }).first().click();
      await eventually(() => page.getByTestId('place-name').innerText()).toBe(name);
      await eventually(() => page.getByTestId('place-level').innerText()).toBe(level);
    };
    await goDown('朔州市', '市');
    await page.waitForURL(`${frame.server.url}/org/1406`);
    // antd really runs in Chinese: the pagination's page-size text comes from its zh_CN locale.
    await eventually(() => children.locator('.ant-pagination').innerText()).toContain('条/页');
    await eventually(() => children.innerText()).toContain('区县');

    await goDown('朔城区', '区县');
    await goDown('北城街道', '街道乡镇');
    await goDown('马邑路中心社区', '社区');

    // "a compound": the first one listed.
    // The children table loads by a query of its own: wait until it lists the community's compounds.
    await eventually(() => children.locator('tbody tr.ant-table-row').first().innerText()).toContain('小区');
    const compoundLink = children.locator('tbody tr.ant-table-row').first().getByRole('link');
    const compound = (await compoundLink.innerText()).trim();
    await goDown(compound, '小区');
    await goDown('1号楼', '楼栋');
  });

  it('sees the building’s units, its grid and the path it came down', async () => {
    const { page } = frame.journey;
    expect(page.url()).toMatch(/\/org\/\d{18}$/);
    const rows = page.getByTestId('place-children').locator('tbody tr.ant-table-row');
    await eventually(() => rows.count()).toBeGreaterThan(0);
    await eventually(() => rows.first().innerText()).toMatch(/\d+单元[\s\S]*单元/);
    for (const row of await rows.all()) await eventually(() => row.innerText()).toMatch(/\d+单元[\s\S]*单元/);
    await eventually(() => page.getByTestId('place-grid').innerText()).toMatch(/第.+网格/);
    const crumbs = await page.getByTestId('org-breadcrumb').innerText();
    expect(crumbs.replace(/\s+/g, '')).toMatch(/组织架构\/朔州市\/朔城区\/北城街道\/马邑路中心社区\/.+\/1号楼$/);
    // The tree on the left opened itself down to the building and highlights it.
    await eventually(() => page.locator('.place-tree .ant-tree-node-selected').innerText()).toBe('1号楼');
  });
});
