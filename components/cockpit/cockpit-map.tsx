// The cockpit's map with its links as data (a code → href table), drawn on the server.
import { GansuMap, type MapDatum } from "./gansu-map";

export function CockpitMap(props: {
  mode: "city" | "county";
  focus?: string[];
  data: MapDatum[];
  kpiLabel: string;
  unitLabel?: string;
  direction: "up" | "down";
  hrefs: Record<string, string>;
  height?: number;
}) {
  const { hrefs, ...rest } = props;
  return <GansuMap {...rest} hrefFor={(code) => hrefs[code] ?? null} />;
}
