import { routeHandler } from "@/lib/http/route";
import { importStatusRoute } from "@/lib/imports/route";

export const dynamic = "force-dynamic";
export const GET = routeHandler(importStatusRoute);
