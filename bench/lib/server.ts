import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY = fileURLToPath(new URL("bench-server.ts", import.meta.url));

export interface BenchServer {
  base: string;
  token: string;
  pid: number;
  /** Resident memory of the server process now, in MB (Linux /proc; null elsewhere). */
  rssMb(): number | null;
  /** Samples the resident memory every 100 ms while `work` runs and returns its peak with the result. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number | null }>;
  /** Resolves when the server has answered every request it received (a workload's backlog). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts bench-server.ts on the given database (env: DATABASE_URL or TASUKI_DATA_DIR). */
export async function startBenchServer(env: NodeJS.ProcessEnv): Promise<BenchServer> {
  // BENCH_NODE_ARGS: extra Node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ENTRY], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await firstLine(child);
  const { port, token, pid } = JSON.parse(info) as { port: number; token: string; pid: number };

  const rssMb = (): number | null => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Math.round(Number(kb) / 1024) : null;
    } catch {
      return null;
    }
  };

  return {
    base: `http://127.0.0.1:${port}`,
    token,
    pid,
    rssMb,
    async measure(work) {
      let peak = rssMb();
      const timer = setInterval(() => {
        const now = rssMb();
        if (now !== null && (peak === null || now > peak)) peak = now;
      }, 100);
      try {
        const result = await work();
        const last = rssMb();
        if (last !== null && (peak === null || last > peak)) peak = last;
        return { result, peakRssMb: peak };
      } finally {
        clearInterval(timer);
      }
    },
    async drained() {
      const deadline = Date.now() + 600_000;
      let last: unknown[] = [];
      while (Date.now() < deadline) {
        const response = await fetch(`http://127.0.0.1:${port}/bench/in-flight`);
        const state = (await response.json()) as { inFlight: number; oldest: unknown[] };
        if (state.inFlight <= 0) return;
        last = state.oldest;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the server still has requests in flight after 10 minutes: ${JSON.stringify(last)}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
      }),
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf("\n");
      if (newline >= 0) {
        child.stdout?.off("data", onData);
        // Anything after the first line is the server's log: pass it on (and never let the pipe fill).
        process.stderr.write(buffer.slice(newline + 1));
        child.stdout?.pipe(process.stderr);
        resolve(buffer.slice(0, newline));
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code} before listening`)));
  });
}
