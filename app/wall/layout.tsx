// 指挥中心大屏: its own layout — no app shell, no menu, dark, one screen (app/wall/wall.css).
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./wall.css";

export const metadata: Metadata = { title: "指挥中心大屏" };
export const viewport: Viewport = { themeColor: "#050f1c" };

export default function WallLayout({ children }: { children: ReactNode }) {
  return children;
}
