import { routeHandler } from "@/lib/http/route";
import { attachmentRoute } from "@/lib/tasks/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(attachmentRoute);
