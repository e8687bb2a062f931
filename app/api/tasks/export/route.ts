import { routeHandler } from "@/lib/http/route";
import { taskExportRoute } from "@/lib/tasks/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(taskExportRoute);
