import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

// Liveness and readiness for the load balancer: {"status":"ok","database":"ok"} or 503 naming what is down.
export async function GET() {
  try {
    await Promise.race([
      getDb().$queryRawUnsafe("SELECT 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 3000)),
    ]);
    return Response.json({ status: "ok", database: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch {
    return Response.json({ status: "error", database: "down" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
