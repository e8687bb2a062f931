import { routeHandler } from "@/lib/http/route";
import { ledgerExportRoute } from "@/lib/ledgers/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(ledgerExportRoute);
