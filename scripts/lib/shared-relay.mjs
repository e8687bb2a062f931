// The cluster primary's part of sharing computed figures between web processes (lib/db/shared-peers.ts): an entry one
// worker sends is passed on, unchanged, to every other live worker. Nothing is kept here.
export const SHARED_READ_MESSAGE = "pingan:shared-read";

/** Relay shared-read entries among `workers()` (the current cluster workers) — returns the listener, for removal. */
export function relaySharedReads(cluster, workers) {
  const listener = (from, message) => {
    if (message?.type !== SHARED_READ_MESSAGE) return;
    for (const w of workers()) if (w && w !== from && w.isConnected()) w.send(message, undefined, () => {});
  };
  cluster.on("message", listener);
  return listener;
}
