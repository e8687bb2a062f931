// Server-sent events for a wall: lib/wall/routes.ts (wallStreamRoute).
import { routeHandler } from "@/lib/http/route";
import { wallStreamRoute } from "@/lib/wall/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(wallStreamRoute);
