import { routeHandler } from "@/lib/http/route";
import { searchSuggestRoute } from "@/lib/search/routes";

export const dynamic = "force-dynamic";
export const GET = routeHandler(searchSuggestRoute);
