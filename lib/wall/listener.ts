// One PostgreSQL listener per app process for the walls' live updates: a dedicated connection (not from the pool:
// LISTEN belongs to a session) on channel 'pingan_changes', fed by the statement-level triggers of migration
// wall_notify from the writing transaction itself, so every app server in front of the same database hears every
// committed change, whichever server made it. Subscribers (the SSE streams of app/api/wall/stream) get the table's
// name; after the connection was lost and is back they get "*" (whatever happened meanwhile was not heard).
// The connection is opened with the first subscriber, re-opened with a growing delay (1 s … 15 s) when it drops, and
// closed when the last subscriber leaves.
import "server-only";
import pg from "pg";

export const CHANNEL = "pingan_changes";
export type ChangeListener = (table: string) => void;

class ChangeHub {
  private readonly subs = new Set<ChangeListener>();
  private client: pg.Client | null = null;
  private connecting = false;
  private delay = 1000;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lost = false;
  connected = false;

  constructor(private readonly url: string | undefined) {}

  subscribe(fn: ChangeListener): () => void {
    this.subs.add(fn);
    if (!this.client && !this.connecting && !this.timer) void this.connect();
    return () => {
      this.subs.delete(fn);
      // nobody listening: the connection goes back (a wall that reconnects opens it again and refreshes anyway)
      if (this.subs.size === 0) this.close();
    };
  }

  private close() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.client;
    this.client = null;
    this.connected = false;
    this.lost = false;
    this.delay = 1000;
    if (c) {
      c.removeAllListeners();
      c.on("error", () => {});
      c.end().catch(() => {});
    }
  }

  get subscribers(): number {
    return this.subs.size;
  }

  private emit(table: string) {
    for (const fn of this.subs) {
      try {
        fn(table);
      } catch (e) {
        console.error("[wall] 订阅者出错", e);
      }
    }
  }

  private async connect() {
    if (!this.url) return;
    this.connecting = true;
    const client = new pg.Client({ connectionString: this.url, keepAlive: true, application_name: "pingan-wall-listener" });
    const drop = () => {
      if (this.client !== client) return;
      this.client = null;
      this.connected = false;
      this.lost = true;
      client.removeAllListeners("notification");
      client.end().catch(() => {});
      this.retry();
    };
    client.on("error", drop);
    client.on("end", drop);
    client.on("notification", (n) => {
      if (n.channel === CHANNEL) this.emit(n.payload ?? "*");
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.subs.size === 0) {
        // everyone left while connecting
        client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.connected = true;
      this.delay = 1000;
      if (this.lost) {
        this.lost = false;
        this.emit("*");
      }
    } catch (e) {
      if (this.subs.size === 0) return;
      console.error(`[wall] 无法监听数据库变更（${e instanceof Error ? e.message : e}），稍后重试`);
      client.end().catch(() => {});
      this.lost = true;
      this.retry();
    } finally {
      this.connecting = false;
    }
  }

  private retry() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.subs.size) void this.connect();
    }, this.delay);
    this.timer.unref?.();
    this.delay = Math.min(this.delay * 2, 15_000);
  }
}

// one per process (and one across dev-mode hot reloads)
const g = globalThis as unknown as { pinganChangeHub?: ChangeHub };

export function changeHub(): ChangeHub {
  g.pinganChangeHub ??= new ChangeHub(process.env.DATABASE_URL);
  return g.pinganChangeHub;
}

/** Calls `fn` with the table name of every committed change (and "*" after a lost connection is back). */
export function onDatabaseChange(fn: ChangeListener): () => void {
  return changeHub().subscribe(fn);
}
