"use client";
// Loads the recharts drawing (trend-plot.tsx, its own chunk) once the chart's frame is within 200 px of the screen;
// until then the frame keeps its height, so nothing moves when it arrives.
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { TrendPlotProps } from "./trend-plot";

const TrendPlot = dynamic(() => import("./trend-plot").then((m) => m.TrendPlot), { ssr: false, loading: () => <Placeholder /> });

function Placeholder() {
  return <div className="h-full w-full rounded bg-slate-50" />;
}

export function LazyTrendPlot(props: TrendPlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setNear(true);
        io.disconnect();
      }
    }, { rootMargin: "200px" });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return (
    <div ref={ref} className="h-full w-full">
      {near ? <TrendPlot {...props} /> : <Placeholder />}
    </div>
  );
}
