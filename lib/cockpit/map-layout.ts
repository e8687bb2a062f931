// The cockpit map's geometry for one view: which regions are drawn, the viewBox around them, the 市州 outlines over
// counties, and which name labels fit. Pure (the geometry comes in), so the server lays the map out and tests check
// it. The geometry file is public/geo/gansu.json (scripts/geo/build-gansu-map.mjs); lib/cockpit/geo.ts reads it.

export interface GeoFeature {
  code: string;
  name: string;
  /** label text: 兰州, 临夏州, 积石山县 … */
  short: string;
  /** SVG path (evenodd) in viewBox units */
  d: string;
  label: [number, number];
  /** room around the label point (radius, viewBox units) */
  labelRoom: number;
  bbox: [number, number, number, number];
  area: number;
  cityCode?: string;
}

export interface GansuGeo {
  source: string;
  license: string;
  viewBox: string;
  cities: GeoFeature[];
  counties: (GeoFeature & { cityCode: string })[];
}

export type MapMode = "city" | "county";

export interface ViewBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapLabel {
  code: string;
  text: string;
  x: number;
  y: number;
}

export interface MapLayout {
  features: GeoFeature[];
  /** 市州 outlines drawn over the counties (county mode) */
  outlines: GeoFeature[];
  viewBox: ViewBox;
  /** pixels per viewBox unit when drawn in a box `width` × `height` px ("meet" scaling) */
  scale: number;
  /** label font size and halo in viewBox units (12 px and 3 px on screen at that scale) */
  fontSize: number;
  halo: number;
  labels: MapLabel[];
}

export const LABEL_PX = 12;

/** the map column's width on a desktop screen (1366 px): the labels are sized and thinned for it */
export const TYPICAL_WIDTH = 720;

/**
 * The layout of the map in `mode`, drawn in a box `width` × `height` px. `focus`: only these codes (in county mode a
 * 市州 code stands for all its counties); empty or missing: all. On other widths the drawing scales as a whole.
 */
export function layoutMap(geo: GansuGeo, mode: MapMode, height: number, focus?: readonly string[], width = TYPICAL_WIDTH): MapLayout {
  const wanted = focus && focus.length ? new Set(focus) : null;
  const list: GeoFeature[] = mode === "city" ? geo.cities : geo.counties;
  const features = wanted ? list.filter((f) => wanted.has(f.code) || (mode === "county" && f.cityCode !== undefined && wanted.has(f.cityCode))) : list;

  let viewBox: ViewBox;
  if (!wanted || features.length === 0) {
    const [x, y, w, h] = geo.viewBox.split(/\s+/).map(Number);
    viewBox = { x, y, w, h };
  } else {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const f of features) {
      x0 = Math.min(x0, f.bbox[0]);
      y0 = Math.min(y0, f.bbox[1]);
      x1 = Math.max(x1, f.bbox[2]);
      y1 = Math.max(y1, f.bbox[3]);
    }
    const pad = Math.max(x1 - x0, y1 - y0) * 0.04;
    viewBox = { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
  }
  const scale = Math.min(height / viewBox.h, width / viewBox.w);

  const outlines = mode === "county" ? geo.cities.filter((c) => new Set(features.map((f) => f.cityCode)).has(c.code)) : [];

  // labels: 市州 names, or county names when zoomed in on counties; skipped where they would not fit or collide
  const source = mode === "county" && !wanted ? outlines : features;
  const font = LABEL_PX / scale;
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const labels: MapLabel[] = [];
  for (const f of [...source].sort((a, b) => b.area - a.area)) {
    const w = f.short.length * font;
    const h = font * 1.2;
    // the text may spill over the border a little (it has a halo), not much
    if (f.labelRoom * 2 < h * 0.75 || f.bbox[2] - f.bbox[0] < w * 0.6) continue;
    const box = { x0: f.label[0] - w / 2 - font * 0.2, y0: f.label[1] - h / 2, x1: f.label[0] + w / 2 + font * 0.2, y1: f.label[1] + h / 2 };
    if (placed.some((p) => p.x0 < box.x1 && box.x0 < p.x1 && p.y0 < box.y1 && box.y0 < p.y1)) continue;
    placed.push(box);
    labels.push({ code: f.code, text: f.short, x: f.label[0], y: f.label[1] });
  }
  return { features, outlines, viewBox, scale, fontSize: font, halo: 3 / scale, labels };
}
