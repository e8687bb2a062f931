// A throwaway database for bench/page-cpu-ab.ts: demo data and the load users (bench/load.ts), its address, users and
// postmaster pid written to PAGE_CPU_ENV (default /tmp/page-cpu/env.json). Runs until SIGTERM (then removes the database).
//   N=40 npx tsx bench/page-cpu-env.ts
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient } from "@/lib/db/client";
import { runSeed } from "@/lib/seed";
import { prepareDatabase } from "./setup";
import { prepareLoadUsers } from "./load";
const log = (l: string) => console.log(l);
const env = await prepareDatabase(log);
await runSeed(env.db, { demo: true });
const db = createPrismaClient(env.url, { max: 4 });
const users = await prepareLoadUsers(db, Number(process.env.N ?? 200), log);
await db.$disconnect();
const postmaster = Number(fs.readFileSync(`${env.pg.dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
const out = process.env.PAGE_CPU_ENV ?? "/tmp/page-cpu/env.json";
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ url: env.url, users, postmaster, dataDir: env.pg.dataDir }));
console.log("READY", env.url);
process.on("SIGTERM", async () => { await env.close(); process.exit(0); });
setInterval(() => {}, 1 << 30);
