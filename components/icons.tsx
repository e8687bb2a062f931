// Inline SVG icons (never font glyphs: emoji and symbol code points are missing from the CJK faces on the police
// intranet and render as boxes). Decorative: the text beside each icon carries the meaning.
const base = { viewBox: "0 0 16 16", fill: "none", stroke: "currentColor", strokeWidth: 1.5, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true, focusable: false } as const;

export function PaperclipIcon({ className = "inline h-3.5 w-3.5 align-[-2px]" }: { className?: string }) {
  return (
    <svg {...base} className={className} data-icon="paperclip">
      <path d="M10.5 4.5 5.6 9.4a1.3 1.3 0 0 0 1.9 1.9l5.2-5.2a2.6 2.6 0 0 0-3.7-3.7L3.8 7.6a3.9 3.9 0 0 0 5.5 5.5l4.2-4.2" />
    </svg>
  );
}

export function WarningIcon({ className = "inline h-3.5 w-3.5 align-[-2px]" }: { className?: string }) {
  return (
    <svg {...base} className={className} data-icon="warning">
      <path d="M8 2 1.5 13.5h13L8 2Z" />
      <path d="M8 6.5v3.5M8 12h.01" />
    </svg>
  );
}
