import { routeHandler } from "@/lib/http/route";
import { importStatusRoute } from "@/lib/ledgers/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(importStatusRoute);
