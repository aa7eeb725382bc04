import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import type { Cut, MapSettings, Marker } from './types';

/** A GeoJSON Polygon or MultiPolygon as drawn. */
export type DrawnShape = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };

/** Marker colours by support level: 1 strong … 4 opposed; grey when unknown. */
export const SUPPORT_COLOURS: Record<number, string> = { 1: '#1a9850', 2: '#91cf60', 3: '#fc8d59', 4: '#d73027' };

interface Props {
  settings: MapSettings;
  markers: Marker[];
  cuts: Cut[];
  /** Drawing and editing cuts is offered only when given. */
  onDraw?: (shape: DrawnShape) => void;
  onEdit?: (cut: Cut, shape: DrawnShape) => void;
  onOpenCut?: (cut: Cut) => void;
  onOpenMarker?: (marker: Marker) => void;
}

/**
 * The organisers' map: tiles from the configured URL (when they cannot load,
 * the points still show over the blank background), the households clustered,
 * the cuts outlined, and drawing tools for new cuts and for reshaping one.
 */
export function LeafletMap({ settings, markers, cuts, onDraw, onEdit, onOpenCut, onOpenMarker }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const handlers = useRef({ onDraw, onEdit, onOpenCut, onOpenMarker });
  handlers.current = { onDraw, onEdit, onOpenCut, onOpenMarker };

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current).setView([45.42, -75.69], 12);
    L.tileLayer(settings.tile_url, { attribution: settings.tile_attribution, maxZoom: 19 }).addTo(created);
    layers.current = L.layerGroup().addTo(created);
    if (handlers.current.onDraw || handlers.current.onEdit) {
      const drawing = Boolean(handlers.current.onDraw);
      created.pm.addControls({
        position: 'topleft',
        drawPolygon: drawing,
        drawRectangle: drawing,
        editMode: Boolean(handlers.current.onEdit),
        drawMarker: false,
        drawCircleMarker: false,
        drawPolyline: false,
        drawCircle: false,
        drawText: false,
        cutPolygon: false,
        rotateMode: false,
        dragMode: false,
        removalMode: false,
      });
      created.on('pm:create', (event) => {
        const shape = (event.layer as L.Polygon).toGeoJSON().geometry as DrawnShape;
        event.layer.remove();
        handlers.current.onDraw?.(shape);
      });
    }
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
    };
  }, [settings.tile_url, settings.tile_attribution]);

  useEffect(() => {
    const group = layers.current;
    const current = map.current;
    if (!group || !current) return;
    group.clearLayers();
    const cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    for (const m of markers) {
      const dot = L.circleMarker([m.lat, m.lng], {
        radius: 7,
        color: m.visited ? '#333' : '#fff',
        weight: 2,
        fillColor: m.support_level ? SUPPORT_COLOURS[m.support_level] : '#888',
        fillOpacity: 0.9,
      });
      dot.bindTooltip(`${m.address}${m.unit ? `, ${m.unit}` : ''}`);
      dot.on('click', () => handlers.current.onOpenMarker?.(m));
      cluster.addLayer(dot);
    }
    group.addLayer(cluster);
    const bounds = L.latLngBounds([]);
    for (const cut of cuts) {
      const outline = L.geoJSON(cut.geometry as unknown as GeoJSON.GeoJsonObject, {
        style: { color: cut.colour, weight: 2, fillOpacity: 0.1 },
      });
      outline.bindTooltip(cut.name, { sticky: true });
      outline.on('click', () => handlers.current.onOpenCut?.(cut));
      outline.eachLayer((layer) => {
        layer.on('pm:edit', () => {
          const shape = (layer as L.Polygon).toGeoJSON().geometry as DrawnShape;
          handlers.current.onEdit?.(cut, shape);
        });
      });
      group.addLayer(outline);
      bounds.extend(outline.getBounds());
    }
    for (const m of markers) bounds.extend([m.lat, m.lng]);
    if (bounds.isValid()) current.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
  }, [markers, cuts]);

  return <div ref={element} className="map-canvas" data-testid="map" role="region" aria-label="Map of households and cuts" />;
}
