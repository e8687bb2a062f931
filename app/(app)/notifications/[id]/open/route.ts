import { routeHandler } from "@/lib/http/route";
import { openNotificationRoute } from "@/lib/notifications/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(openNotificationRoute);
