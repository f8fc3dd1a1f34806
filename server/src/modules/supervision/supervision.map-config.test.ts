import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { tileSource } from './supervision.map.js';

const TIANDITU = 'https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk={key}';
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ MAP_TILE_URL: TIANDITU, MAP_TILE_KEY: 'k3y/1', MAP_TILE_CRS: 'wgs84', MAP_TILE_SUBDOMAINS: '01234567', MAP_TILE_ATTRIBUTION: '天地图' });
}, 180_000);
afterAll(() => t?.close());

describe('a configured tile source (天地图 with a key)', () => {
  it('is handed to signed-in staff with the key filled in and its coordinate system', async () => {
    const c = await t.signIn('county');
    expect((await c.get('/api/v1/supervision/map-config')).json()).toEqual({
      tileUrl: 'https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=k3y%2F1',
      tileCrs: 'wgs84',
      attribution: '天地图',
      subdomains: '01234567',
    });
    expect((await t.anonymous.get('/api/v1/supervision/map-config')).statusCode).toBe(401);
  });

  it('lets the browser load its tiles (Content-Security-Policy img-src names its host)', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(String(res.headers['content-security-policy'])).toMatch(/img-src 'self' data: blob: https:\/\/\*\.tianditu\.gov\.cn/);
  });
});

describe('the tile settings', () => {
  it('default to none (maps from stored geometry) and GCJ-02', () => {
    const c = loadConfig({});
    expect([c.mapTileUrl, c.mapTileCrs]).toEqual([null, 'gcj02']);
    expect(tileSource(null)).toBeNull();
    expect(tileSource('http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8080');
  });

  it('refuse a template without {z}/{x}/{y}, another scheme, or an unknown system, naming the variable', () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example/{z}/{x}.png' })).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ MAP_TILE_URL: 'ftp://tiles.example/{z}/{x}/{y}.png' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAP_TILE_CRS: 'bd09' })).toThrow(/MAP_TILE_CRS/);
  });
});
