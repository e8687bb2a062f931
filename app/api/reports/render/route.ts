import { routeHandler } from "@/lib/http/route";
import { reportRenderRoute } from "@/lib/reports/routes";

export const dynamic = "force-dynamic";
export const POST = routeHandler(reportRenderRoute);
