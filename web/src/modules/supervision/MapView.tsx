/**
 * A Leaflet map of compounds and grids under a place. With a tile source configured it draws on
 * those tiles (converting the stored WGS-84 geometry to the tiles' system); without one — as on a bare
 * install — the geometry alone, on a plain background.
 */
import { useEffect, useRef } from 'react';
import { Empty, Flex, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, Geometry } from 'geojson';
import type { MapConfig, MapFeatures } from '../../../../contracts/supervision';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { PageSpin } from '../../shell/PageSpin';
import { geometryToMapCrs } from './geo';

type Props = MapFeatures['features'][number]['properties'];

/** Colour of a compound by its recent tickets: none, few, some, many. */
export function heat(n: number): string {
  return n === 0 ? '#95de64' : n < 5 ? '#ffd666' : n < 20 ? '#fa8c16' : '#cf1322';
}

export function MapView({ place, height = 480, dark = false }: { place: string; height?: number; dark?: boolean }) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const config = useQuery({ queryKey: ['map-config'], queryFn: () => api<MapConfig>('/supervision/map-config'), staleTime: Infinity });
  const features = useQuery({ queryKey: ['map', place], queryFn: () => api<MapFeatures>(`/supervision/map?place=${place}`) });

  useEffect(() => {
    if (!el.current || !config.data || !features.data?.features.length) return;
    const cfg = config.data;
    // Without tiles there is no base map to agree with: draw the stored WGS-84 as it is.
    const crs = cfg.tileUrl ? cfg.tileCrs : 'wgs84';
    const map = L.map(el.current, { attributionControl: !!cfg.tileUrl, zoomControl: true });
    if (cfg.tileUrl) L.tileLayer(cfg.tileUrl, { subdomains: cfg.subdomains, attribution: cfg.attribution, maxZoom: 18 }).addTo(map);
    const fc = {
      type: 'FeatureCollection' as const,
      features: features.data.features.map((f) => ({ ...f, geometry: geometryToMapCrs(f.geometry as Geometry, crs) })) as Array<Feature<Geometry, Props>>,
    };
    const grids = fc.features.filter((f) => f.properties.kind === 'grid');
    const compounds = fc.features.filter((f) => f.properties.kind !== 'grid');
    const gridLayer = L.geoJSON(grids, {
      style: () => ({ color: dark ? '#69b1ff' : '#1677ff', weight: 1.5, dashArray: '6 4', fillOpacity: 0.05 }),
      onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.name}：${f.properties.tickets}`),
    }).addTo(map);
    const compoundLayer = L.geoJSON(compounds, {
      style: (f) => ({ color: heat(f?.properties.tickets ?? 0), weight: 2, fillOpacity: 0.45 }),
      pointToLayer: (f, at) => L.circleMarker(at, { radius: 8, color: heat(f.properties.tickets), fillOpacity: 0.7 }),
      onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.name}：${f.properties.tickets}（${f.properties.open}）`, { permanent: !dark && compounds.length <= 12, direction: 'center', className: 'map-label' }),
    }).addTo(map);
    const bounds = compoundLayer.getBounds().extend(gridLayer.getBounds());
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    // Outlines vanish when a whole county is in view: a dot per compound, larger with more tickets, keeps them visible.
    // (Added once the map has a view: vector layers project through it.)
    for (const f of compounds) {
      if (f.geometry.type !== 'Polygon') continue;
      const ring = f.geometry.coordinates[0];
      const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
      const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
      L.circleMarker([lat, lng], { radius: 4 + Math.min(12, Math.sqrt(f.properties.tickets) * 2), color: heat(f.properties.tickets), weight: 1, fillOpacity: 0.8, interactive: false }).addTo(map);
    }
    return () => {
      map.remove();
    };
  }, [config.data, features.data, dark]);

  if (features.isLoading || config.isLoading) return <PageSpin />;
  if (!features.data?.features.length) return <Empty description={t('dash.map.empty')} />;
  const tiles = config.data?.tileUrl;
  return (
    <Flex vertical gap={8}>
      <div ref={el} data-testid="map" style={{ height, background: dark ? '#0b1a33' : '#f0f2f5', borderRadius: 6 }} />
      <Typography.Text type="secondary" style={dark ? { color: '#8fb3e8' } : undefined}>
        {tiles ? t('dash.map.tiles', { crs: config.data!.tileCrs === 'gcj02' ? 'GCJ-02' : 'WGS-84' }) : t('dash.map.noTiles')} · {t('dash.map.legendCompound')} · {t('dash.map.legendGrid')}
      </Typography.Text>
    </Flex>
  );
}
