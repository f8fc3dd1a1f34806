/**
 * Journey (issue 5): the city admin issues an Open311 key for the 12345 hotline in 开放接口, sees it
 * once, the hotline submits a request with it, and the admin revokes it; the key then stops working.
 */
import { describe, expect, it } from 'vitest';
import { eventually, signIn } from './support/browser';
import { journeyFrame } from './support/journey';

const frame = journeyFrame('admin-issues-api-key', { viewport: { width: 1280, height: 900 } });
let key = '';

const submit = (k: string) =>
  fetch(`${frame.server.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: k, service_code: 'clutter', description: '12345热线转来：楼道堆物', address_id: '140602001001001' }).toString(),
  });

describe('the city admin keeps the Open311 keys', () => {
  it('issues a key for the 12345 hotline and sees it once', async () => {
    const { page } = frame.journey;
    await page.goto(`${frame.server.url}/login`);
    await signIn(page, 'admin', 'Linli@2026');
    await page.waitForURL(`${frame.server.url}/`);
    await page.locator('.ant-layout-sider').getByRole('link', { name: '开放接口' }).click();
    await page.waitForURL(`${frame.server.url}/admin/api-keys`);
    await page.getByTestId('apikey-name').fill('12345热线');
    await page.getByTestId('apikey-create').click();
    await eventually(() => page.getByTestId('apikey-issued').innerText()).toMatch(/^linli_/);
    key = (await page.getByTestId('apikey-issued').innerText()).trim();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    await eventually(() => page.getByTestId('apikey-table').innerText()).toContain('12345热线');
    expect(await page.getByTestId('apikey-table').innerText()).not.toContain(key);
  });

  it('the hotline submits with it; after the admin revokes it, it is refused with 403', async () => {
    const { page } = frame.journey;
    const ok = await submit(key);
    expect(ok.status).toBe(200);
    expect((await ok.json())[0].service_request_id).toMatch(/^\d{14}$/);
    await page.getByRole('button', { name: /^吊\s?销$/ }).click();
    await page.getByRole('button', { name: /确\s?定|OK/ }).click();
    await eventually(() => page.getByTestId('apikey-table').innerText()).toContain('已吊销');
    const refused = await submit(key);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: 'api_key: invalid or revoked' }]);
  });
});
