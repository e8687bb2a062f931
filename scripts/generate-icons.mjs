// Draws the app icons (public/icons/*.png) for the web app manifest: a white shield with a five-pointed star on the
// police blue. Offline and dependency-light (pngjs). Run once after changing the design: node scripts/generate-icons.mjs
import fs from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";

const BLUE = [0x11, 0x2f, 0x53];
const WHITE = [0xff, 0xff, 0xff];
const STAR = [0x1d, 0x4f, 0x8a];

/** a shield in unit coordinates (0…1), the top flat, the bottom a point */
function inShield(x, y) {
  if (y < 0.2 || y > 0.84 || x < 0.24 || x > 0.76) return false;
  if (y <= 0.56) return true;
  // lower part: two curves meeting at (0.5, 0.84)
  const t = (y - 0.56) / 0.28;
  const half = 0.26 * Math.sqrt(Math.max(0, 1 - t * t));
  return Math.abs(x - 0.5) <= half;
}

function inStar(x, y, cx, cy, r) {
  const pts = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? r * 0.42 : r;
    pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** `pad`: the share of the edge left as background (a maskable icon keeps its drawing in the middle 80 %) */
function draw(size, pad) {
  const png = new PNG({ width: size, height: size });
  const S = 4; // supersampling per axis
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0];
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (px + (sx + 0.5) / S) / size;
          const v = (py + (sy + 0.5) / S) / size;
          const x = (u - pad) / (1 - 2 * pad);
          const y = (v - pad) / (1 - 2 * pad);
          const c = inStar(x, y, 0.5, 0.47, 0.17) ? STAR : inShield(x, y) ? WHITE : BLUE;
          for (let k = 0; k < 3; k++) acc[k] += c[k];
        }
      }
      const i = (py * size + px) * 4;
      for (let k = 0; k < 3; k++) png.data[i + k] = Math.round(acc[k] / (S * S));
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

const out = path.resolve("public/icons");
fs.mkdirSync(out, { recursive: true });
for (const [name, size, pad] of [
  ["icon-192.png", 192, 0],
  ["icon-512.png", 512, 0],
  ["icon-maskable-512.png", 512, 0.1],
  ["apple-touch-icon.png", 180, 0.04],
]) {
  fs.writeFileSync(path.join(out, name), draw(size, pad));
  console.log(`public/icons/${name}`);
}
