// Runs after the webServer (tests/e2e/server.ts) answers: hands the e2e database's address to the test workers
// (environment variables set here reach them), for the factories in tests/e2e/factories.ts.
import fs from "node:fs";
import { e2eDbFile } from "./db-file";

export default function globalSetup() {
  const file = e2eDbFile();
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the e2e server (tests/e2e/server.ts) did not start its database`);
  process.env.E2E_DATABASE_URL = (JSON.parse(fs.readFileSync(file, "utf8")) as { url: string }).url;
}
