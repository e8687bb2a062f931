"use client";
// The one standing aria-live region: present from the first paint (regions inserted together with their text are often
// not read), so results of forms, imports and downloads are announced reliably. Call announce() from any client code.
import { useEffect } from "react";

export const LIVE_REGION_ID = "app-live";

export function announce(message: string) {
  if (typeof document === "undefined" || !message) return;
  const el = document.getElementById(LIVE_REGION_ID);
  if (!el) return;
  // clear first so that the same sentence twice is read twice
  el.textContent = "";
  window.setTimeout(() => {
    el.textContent = message;
  }, 50);
}

export function LiveRegion() {
  // a message left from the previous page is not read again after navigation
  useEffect(() => () => announce(""), []);
  return <div id={LIVE_REGION_ID} role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-region" />;
}

/** Move focus to the element (made focusable without entering the tab order). */
export function focusElement(el: HTMLElement | null | undefined) {
  if (!el) return;
  if (!el.matches("a[href], button, input, select, textarea, [tabindex]")) el.setAttribute("tabindex", "-1");
  el.focus();
}
