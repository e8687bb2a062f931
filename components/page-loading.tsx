// What a page shows while its heavy queries run (inside the page's <Suspense>, after its access checks — so a refused
// request still answers 404 before anything streams; a route-level loading.tsx would start a 200 response first).
// Announced once to screen readers (role=status); the grey blocks are hidden from assistive technology.
export function PageLoading({ what }: { what?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="page-loading" data-loading>
      <p className="mb-4 text-sm text-slate-600">{what ? `正在加载${what}…` : "正在加载…"}</p>
      <div aria-hidden="true" className="space-y-3 motion-safe:animate-pulse">
        <div className="h-6 w-48 max-w-full rounded bg-slate-200" />
        <div className="h-4 w-full max-w-xl rounded bg-slate-100" />
        <div className="h-48 w-full rounded-lg border border-slate-200 bg-white" />
      </div>
    </div>
  );
}
