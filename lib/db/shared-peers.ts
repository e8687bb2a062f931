// The web processes of one host share what each computes for shared reads (lib/db/shared-read.ts). `npm start` runs
// them with node:cluster (scripts/lib/next-child.mjs); a worker sends each entry it computed to the cluster's primary,
// which passes it on to the other workers (scripts/lib/shared-relay.mjs). The value is written with v8.serialize —
// Map, Date and bigint arrive as they were — and carried as base64 text in the channel's default JSON messages.
// A single process (WEB_CONCURRENCY=1, tests, tools) has no peers.
import cluster from "node:cluster";
import v8 from "node:v8";
import type { SharedEntryMessage, SharedPeers } from "@/lib/db/shared-read";

/** The message type on the cluster channel; the relay passes on exactly these. */
export const SHARED_READ_MESSAGE = "pingan:shared-read";

/** One entry as a channel message, and back (null: not one of ours, or unreadable). */
export function encodeSharedEntry(entry: SharedEntryMessage): { type: string; data: string } {
  return { type: SHARED_READ_MESSAGE, data: v8.serialize(entry).toString("base64") };
}

export function decodeSharedEntry(message: unknown): SharedEntryMessage | null {
  const m = message as { type?: unknown; data?: unknown } | null;
  if (!m || m.type !== SHARED_READ_MESSAGE || typeof m.data !== "string") return null;
  try {
    return v8.deserialize(Buffer.from(m.data, "base64")) as SharedEntryMessage;
  } catch {
    return null;
  }
}

/** The other workers of this cluster, or null outside a cluster worker. */
export function clusterPeers(): SharedPeers | null {
  if (!cluster.isWorker || typeof process.send !== "function") return null;
  const send = process.send.bind(process);
  return {
    publish(entry) {
      let message: ReturnType<typeof encodeSharedEntry>;
      try {
        message = encodeSharedEntry(entry);
      } catch {
        return; // not serialisable after all: the entry stays in this process
      }
      // the channel may be closing (the primary stopping us): the entry is only a saving for the others
      if (process.connected) send(message, undefined, undefined, () => {});
    },
    subscribe(onEntry) {
      process.on("message", (message: unknown) => {
        const entry = decodeSharedEntry(message);
        if (entry) onEntry(entry);
      });
    },
  };
}
