// Every route handler that serves data, for the authorization matrix (tests/integration/routes-matrix.test.ts).
// A test checks that every app/api/**/route.ts either binds one of these or is listed as public.
import { importStatusRoute } from "@/lib/imports/route";
import { ledgerExportRoute, ledgerTemplateRoute } from "@/lib/ledgers/routes";
import { reportArchiveRoute, reportRenderRoute } from "@/lib/reports/routes";
import { statsExportRoute } from "@/lib/stats/routes";
import { attachmentRoute, taskExportRoute } from "@/lib/tasks/routes";
import type { RouteDefinition } from "./route-core";

export const ROUTE_DEFINITION_MAP = {
  ledgerExportRoute,
  ledgerTemplateRoute,
  importStatusRoute,
  attachmentRoute,
  taskExportRoute,
  statsExportRoute,
  reportRenderRoute,
  reportArchiveRoute,
} as unknown as Record<string, RouteDefinition<Record<string, string>>>;

export const ROUTE_DEFINITIONS = Object.values(ROUTE_DEFINITION_MAP);

/** Routes without a session by design: health check and the login machinery itself. */
export const PUBLIC_ROUTE_FILES = ["app/api/health/route.ts", "app/api/auth/[...nextauth]/route.ts"];
