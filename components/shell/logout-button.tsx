"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { forgetDrafts } from "@/components/forms/draft-keeper";

export function LogoutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        // an explicit sign-out leaves no draft behind (an idle sign-out or an expired session keeps them)
        forgetDrafts();
        await signOut({ callbackUrl: "/login?loggedOut=1" });
      }}
      className="min-h-11 shrink-0 rounded-md border border-white/30 px-3 py-1.5 text-sm text-white hover:bg-white/10 disabled:opacity-60 md:min-h-0"
    >
      {busy ? "正在退出…" : "退出登录"}
    </button>
  );
}
