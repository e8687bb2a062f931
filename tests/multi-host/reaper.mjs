// Watchdog for the multi-host test: started detached by the test, it watches the test's process. While the test
// runs it notes every descendant of it (app servers, import workers, nginx, both PostgreSQL servers); when the test
// process is gone without having stopped it — killed, Ctrl-C, a crashed worker — it stops what is left of them
// (SIGINT: fast shutdown for PostgreSQL and nginx, SIGTERM for the rest, SIGKILL after 5 s) and removes the folders
// the test listed and the temporary folders of the PostgreSQL servers and nginx it saw (/tmp/pingan-…). Never
// touches a process that was not a descendant of the test (pid and start time).
// usage: node reaper.mjs <test pid> <state file: JSON { dirs: string[] }>
import fs from "node:fs";
import path from "node:path";

const [watched, stateFile] = [Number(process.argv[2]), process.argv[3]];
/** pid → { start, comm } of every descendant seen so far */
const seen = new Map();
const dataDirs = new Set();

function stat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), start: f[19], comm: s.slice(s.indexOf("(") + 1, s.lastIndexOf(")")) };
  } catch {
    return null;
  }
}

function scan() {
  const all = new Map();
  for (const e of fs.readdirSync("/proc")) if (/^\d+$/.test(e)) {
    const st = stat(Number(e));
    if (st) all.set(Number(e), st);
  }
  const tree = new Set([watched]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, st] of all) if (!tree.has(pid) && tree.has(st.ppid)) {
      tree.add(pid);
      grew = true;
    }
  }
  tree.delete(watched);
  tree.delete(process.pid); // started by the test, so one of its descendants: not to be stopped by itself
  for (const pid of tree) if (!seen.has(pid)) {
    seen.set(pid, { start: all.get(pid).start, comm: all.get(pid).comm });
    // a throwaway PostgreSQL's data lives in <tmp>/pingan-…/<data>: that folder goes too
    const argv = cmdline(pid);
    const d = argv.indexOf("-D");
    if (/postgres/.test(all.get(pid).comm) && d >= 0 && argv[d + 1]) {
      const parent = path.dirname(argv[d + 1]);
      if (/^\/(tmp|var\/tmp)\/pingan-[^/]+$/.test(parent)) dataDirs.add(parent);
    }
    // nginx's temporary prefix (-p)
    const p = argv.indexOf("-p");
    if (/nginx/.test(all.get(pid).comm) && p >= 0 && /^\/(tmp|var\/tmp)\/pingan-nginx-[^/]+$/.test(argv[p + 1] ?? "")) dataDirs.add(argv[p + 1]);
  }
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

const alive = (pid, start) => stat(pid)?.start === start;

let reaping = false;
async function reap() {
  if (reaping) return;
  reaping = true;
  const left = [...seen].filter(([pid, s]) => alive(pid, s.start));
  for (const [pid, s] of left) {
    try {
      process.kill(pid, /postgres|nginx/.test(s.comm) ? "SIGINT" : "SIGTERM");
    } catch {
      /* gone */
    }
  }
  const end = Date.now() + 5000;
  while (Date.now() < end && left.some(([pid, s]) => alive(pid, s.start))) await new Promise((r) => setTimeout(r, 100));
  for (const [pid, s] of left) if (alive(pid, s.start)) try {
    process.kill(pid, "SIGKILL");
  } catch {
    /* gone */
  }
  try {
    const { dirs = [] } = JSON.parse(fs.readFileSync(stateFile, "utf8"));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  } catch {
    /* no state */
  }
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(stateFile, { force: true });
  process.exit(0);
}

const watchedStart = stat(watched)?.start;
setInterval(() => {
  if (!watchedStart || !alive(watched, watchedStart)) void reap();
  else scan();
}, 500);
process.on("SIGTERM", () => process.exit(0));
