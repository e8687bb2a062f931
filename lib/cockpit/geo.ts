// The map geometry (public/geo/gansu.json, built by scripts/geo/build-gansu-map.mjs), read once per server process:
// the server draws the map, the browser never downloads the file.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { GansuGeo } from "./map-layout";

let geo: GansuGeo | null = null;

export function gansuGeo(): GansuGeo {
  geo ??= JSON.parse(fs.readFileSync(path.join(process.cwd(), "public/geo/gansu.json"), "utf8")) as GansuGeo;
  return geo;
}
