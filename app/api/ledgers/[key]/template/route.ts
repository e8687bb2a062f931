import { routeHandler } from "@/lib/http/route";
import { ledgerTemplateRoute } from "@/lib/ledgers/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(ledgerTemplateRoute);
