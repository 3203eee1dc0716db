import { Worker } from "node:worker_threads";

/** What drizzle's PGlite driver and `copyRows` call on a client: PGlite's `query` and `transaction`. */
export interface QueryResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}
interface QueryOptions {
  rowMode?: "array" | "object";
  /** drizzle passes identity parsers (keep dates as text); only their type ids cross to the worker. */
  parsers?: Record<number, unknown>;
}
interface Queryable {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult>;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Reply = { id: number; result?: unknown; error?: Record<string, unknown> & { message: string } };

/** An error with the driver's fields (`code` = SQLSTATE, `constraint` …), as PGlite threw it. */
function revive(plain: Record<string, unknown> & { message: string }): Error {
  return Object.assign(new Error(plain.message), plain);
}

/**
 * PGlite in a worker thread, with the part of PGlite's client interface the server uses. A
 * statement runs in the worker, so the HTTP thread keeps answering (health checks, other
 * requests' JavaScript) however long it takes. The worker runs one statement at a time, like
 * PGlite itself; a transaction holds the client until it ends, so statements from outside it wait
 * (PGlite's own semantics: one connection).
 */
export class PgliteWorkerClient implements Queryable {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** The tail of the queue of transactions and plain statements waiting for the connection. */
  #turn: Promise<void> = Promise.resolve();
  #failure: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.error) pending.reject(revive(reply.error));
      else pending.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.#failure = error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`The PGlite worker stopped (exit code ${code})`)));
  }

  /** Starts the worker and opens the database in `dataDir` (in memory when null). */
  static async create(dataDir: string | null): Promise<PgliteWorkerClient> {
    const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
      workerData: { dataDir },
      // The worker is plain JavaScript: no TypeScript loader, no inspector flags.
      execArgv: [],
    });
    const client = new PgliteWorkerClient(worker);
    await new Promise<void>((resolve, reject) =>
      client.#pending.set(0, { resolve: () => resolve(), reject }),
    );
    return client;
  }

  /** Whether the worker is running (it may be busy with a statement): what a health check asks. */
  get alive(): boolean {
    return this.#failure === null;
  }

  #send(message: Record<string, unknown>): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  #run(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    return this.#send({
      type: "query",
      sql,
      params,
      rowMode: options.rowMode,
      identityTypes: Object.keys(options.parsers ?? {}).map(Number),
    }) as Promise<QueryResult>;
  }

  /** Waits for the connection (no transaction open), runs `work`, then lets the next one in. */
  async #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.#turn;
    let release: () => void = () => undefined;
    this.#turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }

  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult> {
    return this.#exclusive(() => this.#run(sql, params, options));
  }

  /** COPY … FROM '/dev/blob' with `text` as the blob (a Blob does not cross to the worker as such). */
  copyFromText(sql: string, text: string): Promise<QueryResult> {
    return this.#exclusive(() =>
      this.#send({ type: "query", sql, params: [], blobText: text }),
    ) as Promise<QueryResult>;
  }

  /** BEGIN … COMMIT around `callback`, holding the connection; ROLLBACK when it throws. */
  transaction<T>(callback: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      await this.#run("BEGIN");
      let open = true;
      const tx: Queryable = {
        query: (sql, params, options) => {
          if (!open) return Promise.reject(new Error("The transaction is closed"));
          return this.#run(sql, params, options);
        },
      };
      try {
        const result = await callback(tx);
        open = false;
        await this.#run("COMMIT");
        return result;
      } catch (error) {
        open = false;
        await this.#run("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.#failure) return;
    await this.#exclusive(() => this.#send({ type: "close" }));
    await this.#worker.terminate();
  }
}
