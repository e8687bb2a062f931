// Where the e2e server (tests/e2e/server.ts) leaves its database's address for the test workers: a file per
// E2E_PORT, so runs on different ports never read each other's. global-setup.ts hands it to the workers.
import os from "node:os";
import path from "node:path";

export const e2ePort = () => Number(process.env.E2E_PORT ?? 3100);
export const e2eDbFile = (port = e2ePort()) => path.join(os.tmpdir(), `pingan-e2e-${port}.json`);
