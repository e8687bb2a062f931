import { routeHandler } from "@/lib/http/route";
import { supervisionExportRoute } from "@/lib/supervision/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(supervisionExportRoute);
