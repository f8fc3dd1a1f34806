/**
 * Journey (issue 7): residents support a proposal to its threshold on their phones; community staff
 * put it on a meeting's agenda and record the decision; the unit's households vote by secret ballot
 * (the resident online, neighbours on paper: staff mark each hand-in, then enter the ballots from the
 * box without voters); staff close the vote and disclose the result; the resident reads the result in
 * 居务公开 and sees her proposal decided.
 *
 * The demo seeds the proposal 小区东门加装电动车充电桩 with 4 supports of a threshold of 5.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, openBrowser, signIn, skipAfterFailure, type Journey } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const NAME = 'residents-support-deliberate-vote-disclose';
const PROPOSAL = '小区东门加装电动车充电桩';
const VOTE = '是否在小区东门加装电动车充电桩';
const UNIT = '14060200100100100101';
const COMMUNITY = '140602001001';
const COMPOUND = '140602001001001';
/** Files staff upload: a PDF, a photo and a sheet for the post, and an owners' roll with bad rows. */
const files = mkdtempSync(join(tmpdir(), 'linli-e2e-files-'));

async function writeFiles() {
  writeFileSync(join(files, '发票.pdf'), '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  writeFileSync(join(files, '现场照片.png'), await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a7ae2' } }).png().toBuffer());
  const sheet = new ExcelJS.Workbook();
  sheet.addWorksheet('收支').addRow(['日期', '事项', '金额']);
  writeFileSync(join(files, '收支明细.xlsx'), Buffer.from(await sheet.xlsx.writeBuffer()));
  const roll = new ExcelJS.Workbook();
  const ws = roll.addWorksheet('业主名册');
  ws.addRow(['房屋编码', '业主姓名', '建筑面积']);
  ws.addRow([`${COMPOUND}001010101`, '王五', 95.5]);
  ws.addRow([`${COMPOUND}001010102`, '', 80]);
  ws.addRow(['140681001001001001010101', '外人', 80]);
  writeFileSync(join(files, '业主名册.xlsx'), Buffer.from(await roll.xlsx.writeBuffer()));
}
const OK = /^确\s?定$/;

let server: RunningServer;
let resident: Journey;
let staff: Journey;

beforeAll(async () => {
  await writeFiles();
  server = await startServer();
  resident = await openBrowser(`${NAME}-resident`, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  staff = await openBrowser(`${NAME}-staff`, { viewport: { width: 1366, height: 900 } });
  for (const j of [resident, staff]) j.expectHttpError(401, '/api/v1/me');
});
beforeEach((ctx) => skipAfterFailure(ctx));
afterEach(() => {
  expect(resident.takeUnexpectedErrors()).toEqual([]);
  expect(staff.takeUnexpectedErrors()).toEqual([]);
});
afterAll(async () => {
  await resident?.close();
  await staff?.close();
  await server?.stop();
});

/** Picks `option` in the antd Select of the form item labelled `label`. */
async function pick(j: Journey, label: string, option: string) {
  const select = j.page.locator('.ant-modal .ant-form-item').filter({ hasText: label }).locator('.ant-select');
  // Under load a click can land while the dropdown is still opening: try again until the pick shows.
  for (let attempt = 0; attempt < 4 && !(await select.innerText()).includes(option.slice(0, 6)); attempt++) {
    await select.click();
    const item = j.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    await item.waitFor();
    await j.page.waitForTimeout(300);
    await item.click();
    await j.page.waitForTimeout(300);
  }
  await eventually(() => select.innerText()).toContain(option.slice(0, 6));
}

describe('residents support a proposal, it is deliberated, households vote, the result is disclosed', () => {
  it('the resident supports the proposal on her phone and it reaches its threshold', async () => {
    const { page } = resident;
    await page.goto(`${server.url}/login`);
    await signIn(page, 'resident', 'Linli@2026');
    await page.waitForURL(`${server.url}/h5`);
    await page.getByTestId('h5-tabs').getByText('议事').click();
    await page.waitForURL(`${server.url}/h5/gov`);
    const card = page.getByTestId('h5-proposal').filter({ hasText: PROPOSAL });
    await eventually(() => card.getByTestId('support-count').innerText()).toContain('附议 4/5');
    await card.getByTestId('support').click();
    await eventually(() => card.getByTestId('support-count').innerText()).toContain('附议 5/5');
    await eventually(() => card.innerText()).toContain('待议');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('community staff put it on a meeting’s agenda and record the decision', async () => {
    const { page } = staff;
    await page.goto(`${server.url}/login`);
    await signIn(page, 'community', 'Linli@2026');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/governance?place=${COMMUNITY}&tab=meetings`);
    await page.getByTestId('new-meeting').click();
    const form = page.getByTestId('meeting-form');
    await form.getByLabel('会议名称').fill('马邑路中心社区11月议事会');
    await form.getByLabel('地点').fill('社区党群服务中心');
    await pick(staff, '议程（选择议题）', PROPOSAL);
    await form.getByLabel('邀请住户').fill(UNIT);
    await page.locator('.ant-modal-footer').getByRole('button', { name: OK }).click();
    const meeting = page.getByTestId('meeting-card').filter({ hasText: '马邑路中心社区11月议事会' });
    await eventually(() => meeting.count()).toBe(1);
    await meeting.getByTestId('decision-input').first().fill('提请1单元住户按户表决');
    await meeting.getByTestId('minutes-input').fill('到会住户一致同意加装充电桩，提请住户表决。');
    await meeting.getByTestId('save-minutes').click();
    await eventually(() => page.getByTestId('meeting-card').filter({ hasText: '马邑路中心社区11月议事会' }).innerText()).toContain('已召开');
  });

  it('staff set up the households’ secret vote on the proposal and open it', async () => {
    const { page } = staff;
    await page.getByRole('tab', { name: '表决与选举' }).click();
    await page.getByTestId('new-vote').click();
    const form = page.getByTestId('vote-form');
    await form.getByLabel('无记名').click();
    await form.getByLabel('标题').fill(VOTE);
    await form.getByLabel('表决范围').fill(UNIT);
    await pick(staff, '对应议题', PROPOSAL);
    await page.locator('.ant-modal-footer').getByRole('button', { name: OK }).click();
    await page.locator('.ant-drawer').getByRole('button', { name: '开始投票' }).click();
    await eventually(() => page.getByTestId('vote-status').innerText()).toBe('投票中');
    await eventually(() => page.getByTestId('voters-table').locator('tbody tr').count()).toBe(6);
  });

  it('the resident votes for her household on her phone and gets a receipt', async () => {
    const { page } = resident;
    await page.getByTestId('gov-sections').getByText('表决').click();
    const card = page.getByTestId('h5-vote').filter({ hasText: VOTE });
    await card.getByText('同意', { exact: true }).click();
    await card.getByTestId('cast').click();
    await eventually(() => card.innerText()).toContain('您已投票');
    await eventually(() => card.getByTestId('vote-receipt').innerText()).toMatch(/[0-9a-f]{64}/);
  });

  it('staff mark three neighbours’ hand-ins, enter their ballots from the box, close the vote and see it passed', async () => {
    const { page } = staff;
    await page.reload();
    await page.getByTestId('votes-table').getByText(VOTE).click();
    const table = page.getByTestId('voters-table');
    await eventually(() => table.getByText('已投 · 网上').count()).toBe(1);
    // Step 1, as each neighbour puts her ballot into the box: who handed one in (no choice is asked).
    expect(await table.getByTestId('paper-agree').count()).toBe(0);
    for (let i = 0; i < 3; i++) {
      await table.getByTestId('hand-in').first().click();
      await eventually(() => table.getByText('已投 · 纸质').count()).toBe(i + 1);
    }
    // Step 2, once the box is opened: the ballots, without voters, no more than were handed in.
    const box = page.getByTestId('ballot-box');
    await eventually(() => box.getByTestId('box-count').innerText()).toBe('已交票 3 张，已从票箱录入 0 张');
    for (let i = 0; i < 3; i++) {
      await box.getByTestId('box-agree').click();
      await eventually(() => box.getByTestId('box-count').innerText()).toBe(`已交票 3 张，已从票箱录入 ${i + 1} 张`);
    }
    expect(await box.getByTestId('box-agree').isDisabled()).toBe(true);
    await page.locator('.ant-drawer').getByRole('button', { name: '结束并计票' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: OK }).click();
    await eventually(() => page.locator('.ant-drawer').getByTestId('vote-outcome').innerText()).toBe('通过');
    await eventually(() => page.getByTestId('vote-result').innerText()).toContain('参与 4/6');
    // The drawer's labels are words; a secret ballot names no voter (nor a raw voter key).
    const facts = page.locator('.ant-drawer .ant-descriptions');
    for (const label of ['表决范围', '类型', '状态']) await eventually(() => facts.innerText()).toContain(label);
    const ballots = page.getByTestId('ballots-table');
    await eventually(() => ballots.locator('tbody tr').count()).toBe(4);
    expect(await ballots.innerText()).not.toMatch(/\b[hro]:[0-9a-f]/);
    expect(await ballots.innerText()).toContain('回执哈希');
    expect(await ballots.locator('tbody tr').filter({ hasText: '无记名' }).count()).toBe(4);
    for (const name of await table.locator('tbody tr td:first-child').allInnerTexts()) expect(await ballots.innerText()).not.toContain(name);
    await page.locator('.ant-drawer').getByRole('button', { name: '校验选票链' }).click();
    await eventually(() => page.locator('.ant-message-notice').last().innerText()).toContain('选票链完整：已校验 4 张选票');
    await page.locator('.ant-drawer-close').click();
  });

  it('staff disclose the result to everyone', async () => {
    const { page } = staff;
    await page.goto(`${server.url}/disclosure?place=${COMMUNITY}`);
    await page.getByTestId('new-disclosure').click();
    const form = page.getByTestId('disclosure-form');
    await pick(staff, '公开范围', '所有人');
    await form.getByLabel('标题').fill('东门加装充电桩表决结果公示');
    await form.getByLabel('具体内容').fill('1单元住户按户表决结果如下。');
    await pick(staff, '公开表决结果', VOTE);
    await page.locator('.ant-modal-footer').getByRole('button', { name: OK }).click();
    const post = page.getByTestId('disclosure-card').filter({ hasText: '东门加装充电桩表决结果公示' });
    await eventually(() => post.getByTestId('disclosed-vote').innerText()).toContain('通过');
  });

  it('staff attach a PDF, a photo and a sheet to the post; a file of another kind is refused', async () => {
    const { page } = staff;
    const post = page.getByTestId('disclosure-card').filter({ hasText: '东门加装充电桩表决结果公示' });
    await post.getByTestId('attach-upload').locator('input[type=file]').setInputFiles(['发票.pdf', '现场照片.png', '收支明细.xlsx'].map((f) => join(files, f)));
    for (const name of ['发票.pdf', '现场照片.png', '收支明细.xlsx']) await eventually(() => post.getByTestId('attachments').innerText()).toContain(name);
    // A file of another kind is refused before it is sent.
    writeFileSync(join(files, '说明.docx'), 'not allowed');
    await post.getByTestId('attach-upload').locator('input[type=file]').setInputFiles(join(files, '说明.docx'));
    await eventually(() => page.locator('.ant-message-notice').last().innerText()).toContain('不支持的文件类型');
    const link = post.getByTestId('attachments').getByText('发票.pdf');
    const res = await page.request.get(`${server.url}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
  });

  it('staff import the owners’ roll from xlsx and read the rows it rejected', async () => {
    const { page } = staff;
    await page.goto(`${server.url}/governance?place=${COMPOUND}&tab=owners`);
    await eventually(() => page.getByTestId('owners-totals').innerText()).toContain('共 48 户登记');
    await page.getByTestId('owners-import').locator('input[type=file]').setInputFiles(join(files, '业主名册.xlsx'));
    const result = page.getByTestId('owners-import-result');
    await eventually(() => result.innerText()).toContain('导入 1 行，2 行未导入');
    const rejected = page.getByTestId('owners-rejected');
    await eventually(() => rejected.locator('tbody tr').count()).toBe(2);
    expect(await rejected.innerText()).toContain('姓名为空或过长');
    expect(await rejected.innerText()).toContain('不是本小区的房屋编码');
    await eventually(() => page.locator('.ant-table-row').filter({ hasText: '1号楼1单元101室' }).innerText()).toContain('王五');
  });

  it('the resident reads the disclosed result and sees her proposal decided', async () => {
    const { page } = resident;
    await page.reload();
    await page.getByTestId('gov-sections').getByText('公开').click();
    const post = page.getByTestId('disclosure-card').filter({ hasText: '东门加装充电桩表决结果公示' });
    await eventually(() => post.innerText()).toContain('通过');
    await eventually(() => post.innerText()).toContain('参与 4/6');
    await eventually(() => post.innerText()).toContain('发票.pdf');
    expect(await post.getByTestId('attach-upload').count()).toBe(0);
    await page.getByTestId('gov-sections').getByText('议题').click();
    const card = page.getByTestId('h5-proposal').filter({ hasText: PROPOSAL });
    await eventually(() => card.innerText()).toContain('已决');
    await eventually(() => card.innerText()).toContain('表决通过');
    // Anyone can read it without signing in, too.
    const res = await fetch(`${server.url}/api/v1/disclosures?community=${COMMUNITY}`);
    expect(((await res.json()) as Array<{ title: string }>).map((p) => p.title)).toContain('东门加装充电桩表决结果公示');
  });
});
