// The per-process cache behind getCurrentUser (lib/auth/session.ts): the signed-in users' rows (with their unit) and
// the security policy, so that a page does not read them from the database on every request.
//
// Invalidation: the triggers of migration session_notify NOTIFY channel 'pingan_session' from the writing transaction
// ('u:<id>', 'units', 'policy'); every app process holds ONE dedicated connection (not from the pool: LISTEN belongs
// to a session) listening on it and drops the entries named. While that connection is not up — before its first
// LISTEN succeeded, after it dropped, until it is back — the cache is bypassed and emptied: every request reads the
// database, as without a cache.
//
// The guarantee: a revocation (logout everywhere, disabling, role/unit change, password reset — any committed change
// of a column the session reads, whoever wrote it, even by hand in psql) is seen by every process at the first request
// that starts after the revoking transaction committed. NOTIFY alone is asynchronous (delivered after the commit, so a
// request could overtake it); therefore each use of the cache is preceded by a delivery barrier: an empty query
// round trip on the listening connection. PostgreSQL sends a listening session every notification committed before it
// answers — the committing backend signals the listeners before its COMMIT returns, and a signalled backend sends the
// pending notifications before its next ReadyForQuery — and node-postgres emits them before it resolves the query.
// So when the barrier resolves, every revocation committed before the request began has been applied. Concurrent
// requests share one barrier (a request joins a round trip only if it was not yet sent), so under load it costs
// one tiny round trip per batch of requests, on no pooled connection and without Prisma. A barrier that fails or
// takes more than 2 s drops the connection: the cache is bypassed until it is back.
//
// Race with a miss: a row read from the database is stored only if no notification arrived while it was read (a
// generation counter), so an old row read just before a revocation committed is never kept.
// Bounded: the least recently used users beyond `maxUsers` (10,000) are dropped.
// Besides the session, data derived from the units table alone (fromUnits: the unit list of a subtree for the
// layout's picker) is cached the same way and dropped with any change of a unit.
import pg from "pg";

export const SESSION_CHANNEL = "pingan_session";

export interface SessionCacheOptions<U, P> {
  url: string;
  loadUser: (id: number) => Promise<U | null>;
  loadPolicy: () => Promise<P>;
  maxUsers?: number;
  /** how long a barrier may take before the connection is considered lost (ms) */
  barrierTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface SessionCacheStats {
  hits: number;
  misses: number;
  /** reads that went to the database because the listener was not up */
  bypassed: number;
  barriers: number;
  invalidations: number;
  users: number;
  listening: boolean;
}

export class SessionCache<U, P> {
  private readonly users = new Map<number, U>();
  /** derived data of the unit tree (e.g. the unit list of a subtree), dropped with every change of a unit */
  private readonly unitData = new Map<string, unknown>();
  private policy: { value: P } | null = null;
  private generation = 0;
  private client: pg.Client | null = null;
  private ready = false;
  private connecting = false;
  private stopped = false;
  private delay = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queued: Promise<boolean> | null = null;
  private inflight: Promise<boolean> | null = null;
  private firstReady: { promise: Promise<void>; resolve: () => void };
  private readonly counts = { hits: 0, misses: 0, bypassed: 0, barriers: 0, invalidations: 0 };
  private readonly maxUsers: number;
  private readonly barrierTimeoutMs: number;

  constructor(private readonly opts: SessionCacheOptions<U, P>) {
    this.maxUsers = opts.maxUsers ?? 10_000;
    this.barrierTimeoutMs = opts.barrierTimeoutMs ?? 2000;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.firstReady = { promise, resolve };
  }

  /** Opens the listening connection (idempotent); the cache is used once LISTEN succeeded. */
  start(): this {
    if (!this.client && !this.connecting && !this.timer && !this.stopped) void this.connect();
    return this;
  }

  /** Resolves when the listener is up for the first time (tests, warm-up). */
  whenListening(): Promise<void> {
    this.start();
    return this.firstReady.promise;
  }

  get listening(): boolean {
    return this.ready;
  }

  stats(): SessionCacheStats {
    return { ...this.counts, users: this.users.size, listening: this.ready };
  }

  /** The user's row and the policy for one request: from the cache when the listener is up, else from the database. */
  async read(id: number): Promise<{ user: U | null; policy: P }> {
    this.start();
    if (!(await this.barrier())) {
      this.counts.bypassed++;
      const [user, policy] = await Promise.all([this.opts.loadUser(id), this.opts.loadPolicy()]);
      return { user, policy };
    }
    const [user, policy] = await Promise.all([this.user(id), this.currentPolicy()]);
    return { user, policy };
  }

  /**
   * Data derived from the units table only (e.g. a subtree's unit list for the picker), cached under `key` until a
   * unit changes (payload 'units'); read from the database while the listener is not up.
   */
  async fromUnits<T>(key: string, load: () => Promise<T>): Promise<T> {
    this.start();
    if (!(await this.barrier())) {
      this.counts.bypassed++;
      return load();
    }
    if (this.unitData.has(key)) {
      const hit = this.unitData.get(key) as T;
      this.unitData.delete(key);
      this.unitData.set(key, hit);
      return hit;
    }
    const generation = this.generation;
    const value = await load();
    if (this.ready && generation === this.generation) {
      this.unitData.set(key, value);
      while (this.unitData.size > 1000) this.unitData.delete(this.unitData.keys().next().value as string);
    }
    return value;
  }

  private async user(id: number): Promise<U | null> {
    const hit = this.users.get(id);
    if (hit !== undefined) {
      this.counts.hits++;
      // most recently used goes to the end (a Map iterates in insertion order)
      this.users.delete(id);
      this.users.set(id, hit);
      return hit;
    }
    this.counts.misses++;
    const generation = this.generation;
    const row = await this.opts.loadUser(id);
    // stored only if nothing was invalidated (and the listener stayed up) while it was read
    if (row !== null && this.ready && generation === this.generation) {
      this.users.set(id, row);
      while (this.users.size > this.maxUsers) this.users.delete(this.users.keys().next().value as number);
    }
    return row;
  }

  private async currentPolicy(): Promise<P> {
    if (this.policy) return this.policy.value;
    const generation = this.generation;
    const value = await this.opts.loadPolicy();
    if (this.ready && generation === this.generation) this.policy = { value };
    return value;
  }

  /**
   * Resolves true once every notification committed before this call has been applied (see the header), false when
   * the listener is not up (the caller then reads the database).
   */
  private barrier(): Promise<boolean> {
    if (!this.ready || !this.client) return Promise.resolve(false);
    // a round trip not yet sent will be sent after this call: join it
    if (this.queued) return this.queued;
    const before = this.inflight;
    const p: Promise<boolean> = (before ? before.then(() => undefined) : Promise.resolve()).then(() => {
      if (this.queued === p) this.queued = null;
      this.inflight = p;
      return this.roundTrip();
    });
    this.queued = p;
    void p.finally(() => {
      if (this.inflight === p) this.inflight = null;
    });
    return p;
  }

  private async roundTrip(): Promise<boolean> {
    const client = this.client;
    if (!client || !this.ready) return false;
    this.counts.barriers++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        client.query(""),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("会话缓存同步超时")), this.barrierTimeoutMs);
        }),
      ]);
      return this.ready && this.client === client;
    } catch (e) {
      this.drop(client, e);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private invalidate(payload: string) {
    this.generation++;
    this.counts.invalidations++;
    if (payload.startsWith("u:")) {
      const id = Number(payload.slice(2));
      if (Number.isInteger(id)) this.users.delete(id);
      else this.users.clear();
    } else if (payload === "policy") {
      this.policy = null;
    } else {
      // 'units' or anything unknown: everything
      this.users.clear();
      this.unitData.clear();
      this.policy = null;
    }
  }

  private clear() {
    this.generation++;
    this.users.clear();
    this.unitData.clear();
    this.policy = null;
  }

  private async connect() {
    this.connecting = true;
    const client = new pg.Client({ connectionString: this.opts.url, keepAlive: true, application_name: "pingan-session-listener" });
    client.on("error", (e) => this.drop(client, e));
    client.on("end", () => this.drop(client, null));
    client.on("notification", (n) => {
      if (n.channel === SESSION_CHANNEL) this.invalidate(n.payload ?? "*");
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_CHANNEL}`);
      if (this.stopped) {
        client.end().catch(() => {});
        return;
      }
      // whatever changed while nobody listened was not heard: start empty
      this.clear();
      this.client = client;
      this.ready = true;
      this.delay = 500;
      this.firstReady.resolve();
    } catch (e) {
      client.removeAllListeners();
      client.on("error", () => {});
      client.end().catch(() => {});
      if (!this.stopped) {
        this.opts.log?.(`[session] 无法监听会话变更（${e instanceof Error ? e.message : e}），在恢复前每次请求都查询数据库`);
        this.retry();
      }
    } finally {
      this.connecting = false;
    }
  }

  private drop(client: pg.Client, e: unknown) {
    if (this.client !== client) return;
    this.client = null;
    this.ready = false;
    this.clear();
    client.removeAllListeners();
    client.on("error", () => {});
    client.end().catch(() => {});
    if (!this.stopped) {
      this.opts.log?.(`[session] 会话变更监听连接断开${e instanceof Error ? `（${e.message}）` : ""}，在恢复前每次请求都查询数据库`);
      this.retry();
    }
  }

  private retry() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.delay);
    this.timer.unref?.();
    this.delay = Math.min(this.delay * 2, 15_000);
  }

  /** Closes the listening connection; the cache is bypassed from now on. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.client;
    this.client = null;
    this.ready = false;
    this.clear();
    if (c) {
      c.removeAllListeners();
      c.on("error", () => {});
      await c.end().catch(() => {});
    }
  }
}
