import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
// Chinese glyphs shipped with the app (OFL, split by unicode range: a page downloads only the subsets it uses)
import "@fontsource-variable/noto-sans-sc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "平安甘肃 · 主动创稳指挥平台", template: "%s · 平安甘肃" },
  description: "甘肃省公安机关主动创稳工作指挥平台",
  robots: { index: false, follow: false },
  applicationName: "平安甘肃",
  appleWebApp: { capable: true, title: "平安甘肃", statusBarStyle: "black-translucent" },
  icons: { icon: [{ url: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }], apple: [{ url: "/icons/apple-touch-icon.png", sizes: "180x180" }] },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b2039" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
