/**
 * Coordinates at the map's boundary: everything stored (and Open311) is WGS-84; Chinese base maps
 * (高德, 腾讯) draw in GCJ-02, so stored geometry is converted to the tiles' system before drawing,
 * and a point picked on such a map is converted back before it is sent.
 */
import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';

export type Crs = 'wgs84' | 'gcj02';

/** [lng, lat] from WGS-84 to the map's system. */
export function toMapCrs([lng, lat]: Position, crs: Crs): Position {
  if (crs === 'wgs84') return [lng, lat];
  return gcoord.transform([lng, lat] as [number, number], gcoord.WGS84, gcoord.GCJ02) as Position;
}

/** [lng, lat] from the map's system back to WGS-84. */
export function fromMapCrs([lng, lat]: Position, crs: Crs): Position {
  if (crs === 'wgs84') return [lng, lat];
  return gcoord.transform([lng, lat] as [number, number], gcoord.GCJ02, gcoord.WGS84) as Position;
}

/** A GeoJSON geometry with every position converted to the map's system. */
export function geometryToMapCrs<G extends Geometry>(g: G, crs: Crs): G {
  if (crs === 'wgs84') return g;
  const walk = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? toMapCrs(c as Position, crs) : (c as unknown[]).map(walk));
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map((x) => geometryToMapCrs(x, crs)) };
  return { ...g, coordinates: walk((g as { coordinates: unknown }).coordinates) } as G;
}
