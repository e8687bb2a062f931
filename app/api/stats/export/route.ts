import { routeHandler } from "@/lib/http/route";
import { statsExportRoute } from "@/lib/stats/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(statsExportRoute);
