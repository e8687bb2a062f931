import type { Cluster, Worker } from "node:cluster";

export const SHARED_READ_MESSAGE: "pingan:shared-read";
export function relaySharedReads(cluster: Cluster, workers: () => (Worker | null | undefined)[]): (from: Worker, message: unknown) => void;
