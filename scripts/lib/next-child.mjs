// Runs `next start` (arguments passed through) in this process, and exits as soon as the process that started it
// is gone — even when that parent was killed with SIGKILL and could not stop us itself. Without this an orphaned
// web server would keep the port and the next `npm start` would fail.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
process.argv = [process.argv[0], "next", ...process.argv.slice(2)];
await import("next/dist/bin/next");
