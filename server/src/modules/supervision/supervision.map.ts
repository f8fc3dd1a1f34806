/**
 * Maps: compounds (their stored outlines, or a point) and grids (the hull of their buildings) under a
 * place, with recent ticket counts, as GeoJSON in WGS-84 — what is stored. Base maps in China are
 * GCJ-02 (高德, 腾讯) or CGCS2000 ≈ WGS-84 (天地图); the web converts at that boundary (gcoord).
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import type { MapConfig, MapFeatures } from '../../../../contracts/supervision.js';
import { findPlace } from '../places/places.service.js';
import { supervisionPolicy } from './supervision.policy.js';
import { underPlace } from './supervision.repository.js';

const MAX_FEATURES = 5000;
/** Grid hulls are drawn this far outside their outermost buildings (degrees, ~30 m). */
const PAD = 0.0003;

type Pt = [number, number];

/** Convex hull (Andrew's monotone chain) of [lng, lat] points, closed ring; a small box for fewer than three. */
export function hullOf(points: Pt[], pad = PAD): Pt[] {
  const pts = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) {
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs) - pad, Math.max(...xs) + pad, Math.min(...ys) - pad, Math.max(...ys) + pad];
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  }
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Pt[]) => {
    const out: Pt[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  const ring = [...half(pts), ...half([...pts].reverse())];
  // Pad outwards from the centroid.
  const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  const padded = ring.map(([x, y]): Pt => {
    const d = Math.hypot(x - cx, y - cy) || 1;
    return [round6(x + ((x - cx) / d) * pad), round6(y + ((y - cy) / d) * pad)];
  });
  return [...padded, padded[0]];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export async function getMapFeatures(db: Db, actor: Actor, code: string): Promise<MapFeatures> {
  const place = await findPlace(db, code);
  if (!place) throw errors.notFound(`place ${code}`);
  supervisionPolicy.authorize(actor, 'dashboard.read', { placeCode: place.code });
  const prefix = place.code;
  const county = prefix.length >= 6 ? sql` AND county_code = ${prefix.slice(0, 6)}` : sql``;
  const within = prefix.length > 15 ? prefix.slice(0, 15) : prefix;
  const [compounds, buildings, counts] = await Promise.all([
    rows<{ code: string; name: string; lat: number | null; lng: number | null; outline: unknown }>(
      db,
      sql`SELECT code, name, lat, lng, outline FROM places WHERE level = 'compound' AND code LIKE ${within + '%'}${county} AND (outline IS NOT NULL OR lat IS NOT NULL) ORDER BY code LIMIT ${MAX_FEATURES}`,
    ),
    rows<{ grid_code: string; grid_name: string; lat: number; lng: number }>(
      db,
      sql`SELECT g.code AS grid_code, g.name AS grid_name, p.lat, p.lng
          FROM grids g JOIN grid_buildings gb ON gb.grid_code = g.code JOIN places p ON p.code = gb.building_code
          WHERE g.community_code LIKE ${prefix.slice(0, 12) + '%'} AND gb.building_code LIKE ${within + '%'} AND p.lat IS NOT NULL AND p.lng IS NOT NULL
          ORDER BY g.code LIMIT ${MAX_FEATURES * 20}`,
    ),
    rows<{ key: string; kind: string; n: number; open: number }>(
      db,
      sql`SELECT coalesce(t.compound_code, '') AS key, 'compound' AS kind, count(*)::int AS n,
                 count(*) FILTER (WHERE t.status IN ('registered', 'dispatched', 'in_progress', 'reported'))::int AS open
          FROM tickets t WHERE ${underPlace(within)} AND t.created_at >= now() - interval '30 days' AND t.compound_code IS NOT NULL GROUP BY 1
          UNION ALL
          SELECT t.grid_code, 'grid', count(*)::int, count(*) FILTER (WHERE t.status IN ('registered', 'dispatched', 'in_progress', 'reported'))::int
          FROM tickets t WHERE ${underPlace(within)} AND t.created_at >= now() - interval '30 days' AND t.grid_code IS NOT NULL GROUP BY 1`,
    ),
  ]);
  const count = new Map(counts.map((c) => [`${c.kind}:${c.key}`, c]));
  const features: MapFeatures['features'] = [];
  const grids = new Map<string, { name: string; pts: Pt[] }>();
  for (const b of buildings) {
    const g = grids.get(b.grid_code) ?? { name: b.grid_name, pts: [] };
    g.pts.push([b.lng, b.lat]);
    grids.set(b.grid_code, g);
  }
  for (const [gridCode, g] of grids) {
    const c = count.get(`grid:${gridCode}`);
    features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [hullOf(g.pts)] }, properties: { code: gridCode, name: g.name, kind: 'grid', tickets: c?.n ?? 0, open: c?.open ?? 0 } });
  }
  for (const p of compounds) {
    const c = count.get(`compound:${p.code}`);
    const geometry = p.outline ?? { type: 'Point', coordinates: [p.lng, p.lat] };
    features.push({ type: 'Feature', geometry, properties: { code: p.code, name: p.name, kind: 'compound', tickets: c?.n ?? 0, open: c?.open ?? 0 } });
  }
  return { type: 'FeatureCollection', features };
}

export function getMapConfig(config: Config): MapConfig {
  return {
    tileUrl: config.mapTileUrl ? config.mapTileUrl.replaceAll('{key}', encodeURIComponent(config.mapTileKey ?? '')) : null,
    tileCrs: config.mapTileCrs,
    attribution: config.mapTileAttribution,
    subdomains: config.mapTileSubdomains,
  };
}

/** The origin the tiles come from, as a Content-Security-Policy source ({s} in the host becomes a wildcard label). */
export function tileSource(url: string | null): string | null {
  if (!url) return null;
  const m = /^(https?):\/\/([^/]+)/.exec(url);
  if (!m) return null;
  const host = m[2]
    .split('.')
    .map((label, i) => (label.includes('{') ? (i === 0 ? '*' : null) : label))
    .filter((x): x is string => x !== null)
    .join('.');
  return `${m[1]}://${host}`;
}
