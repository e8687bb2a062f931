import type { MetadataRoute } from "next";

// 添加到主屏幕 (警务通 phones): served at /manifest.webmanifest; the icons are files in public/icons (no internet)
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "平安甘肃 · 主动创稳指挥平台",
    short_name: "平安甘肃",
    description: "甘肃省公安机关主动创稳工作指挥平台",
    lang: "zh-CN",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#f1f5f9",
    theme_color: "#0b2039",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
