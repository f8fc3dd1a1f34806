import { describe, expect, it } from 'vitest';
import { fromMapCrs, geometryToMapCrs, toMapCrs } from './geo';

/**
 * The published GCJ-02 transform (Krasovsky 1940 ellipsoid), written out here independently of
 * gcoord so the conversion is checked against the formula rather than against itself.
 */
function wgsToGcj(lng: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const tLat = (x: number, y: number) =>
    -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 + ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3 + ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  const tLng = (x: number, y: number) =>
    300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 + ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3 + ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  let dLat = tLat(lng - 105, lat - 35);
  let dLng = tLng(lng - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

const metres = ([x1, y1]: number[], [x2, y2]: number[]) => Math.hypot((x2 - x1) * 111_320 * Math.cos((y1 * Math.PI) / 180), (y2 - y1) * 110_540);

// Known points: 朔州 (the demo city's centre), 天安门 Beijing, 上海人民广场, 广州塔.
const KNOWN: Array<[string, number, number]> = [
  ['朔城区', 112.4329, 39.3313],
  ['天安门', 116.3975, 39.9087],
  ['人民广场', 121.4737, 31.2304],
  ['广州塔', 113.3245, 23.1064],
];

describe('WGS-84 ↔ GCJ-02 at the map boundary', () => {
  it.each(KNOWN)('%s: WGS-84 → GCJ-02 matches the published formula, a few hundred metres off', (_, lng, lat) => {
    const got = toMapCrs([lng, lat], 'gcj02');
    const want = wgsToGcj(lng, lat);
    expect(metres(got, want)).toBeLessThan(0.01);
    // GCJ-02 is shifted by roughly 100–700 m within China.
    expect(metres(got, [lng, lat])).toBeGreaterThan(100);
    expect(metres(got, [lng, lat])).toBeLessThan(700);
  });

  it.each(KNOWN)('%s: back to WGS-84 within a metre', (_, lng, lat) => {
    const back = fromMapCrs(toMapCrs([lng, lat], 'gcj02'), 'gcj02');
    expect(metres(back, [lng, lat])).toBeLessThan(1);
  });

  it('天安门: the well-known GCJ-02 shift of about +0.0062° lng, +0.0014° lat', () => {
    const [x, y] = toMapCrs([116.3975, 39.9087], 'gcj02');
    expect(x - 116.3975).toBeCloseTo(0.00624, 4);
    expect(y - 39.9087).toBeCloseTo(0.0014, 3);
  });

  it('WGS-84 tiles (天地图, OSM) get the stored coordinates unchanged; outside China nothing shifts', () => {
    expect(toMapCrs([112.4329, 39.3313], 'wgs84')).toEqual([112.4329, 39.3313]);
    const london = toMapCrs([-0.1276, 51.5072], 'gcj02');
    expect(metres(london, [-0.1276, 51.5072])).toBeLessThan(0.01);
  });

  it('converts every ring of a polygon', () => {
    const ring = [[112.43, 39.33], [112.44, 39.33], [112.44, 39.34], [112.43, 39.33]];
    const g = geometryToMapCrs({ type: 'Polygon', coordinates: [ring] }, 'gcj02');
    expect(g.coordinates[0]).toHaveLength(4);
    g.coordinates[0].forEach((p, i) => expect(metres(p, wgsToGcj(ring[i][0], ring[i][1]))).toBeLessThan(0.01));
  });
});
