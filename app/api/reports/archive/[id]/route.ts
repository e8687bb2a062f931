import { routeHandler } from "@/lib/http/route";
import { reportArchiveRoute } from "@/lib/reports/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(reportArchiveRoute);
