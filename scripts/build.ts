// npm run build — a production build, recorded so that `npm start` does not build again.
import { buildIfNeeded } from "./lib/build";

try {
  buildIfNeeded(console.log, { force: process.argv.includes("--force") });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
