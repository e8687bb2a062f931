"use client";
// Writes the list's remembered filter (a view preference; the server parses it again before using it).
import { useEffect } from "react";

export function RememberFilter({ cookie, value, maxAge, path }: { cookie: string; value: string | null; maxAge: number; path: string }) {
  useEffect(() => {
    document.cookie = value === null ? `${cookie}=; path=${path}; samesite=lax; max-age=0` : `${cookie}=${value}; path=${path}; samesite=lax; max-age=${maxAge}`;
  }, [cookie, value, maxAge, path]);
  return null;
}
