import { isIP } from "node:net";
import { z } from "zod";

const booleanFromEnv = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

const PROXY_KEYWORDS = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [address = "", bits, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies may tell the client's address (X-Forwarded-For) and protocol: none by default, so
 * a client cannot choose its own address to escape the sign-in limits. Behind a proxy, the
 * proxies' addresses (CIDR, and proxy-addr's `loopback`, `linklocal`, `uniquelocal`). Never
 * "all" and never a hop count: either would let a client that reaches the app directly forge its
 * address (Fastify 5 itself treats a hop count as "trust nobody" for that reason).
 */
const trustProxyFromEnv = z
  .string()
  .trim()
  .optional()
  .transform((value, context): false | string[] => {
    if (value === undefined || value === "" || ["false", "off"].includes(value)) return false;
    const entries = value.split(",").map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length === 0) return entries;
    context.addIssue({
      code: "custom",
      message:
        value === "true" || /^\d+$/.test(value)
          ? `TRUST_PROXY=${value} would let any client that reaches the app directly forge X-Forwarded-For; give the proxies' addresses instead (e.g. 10.0.0.0/8,loopback)`
          : `not a list of proxy addresses or CIDRs (or loopback, linklocal, uniquelocal): ${bad.join(", ")}`,
    });
    return z.NEVER;
  });

const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  TASUKI_DATA_DIR: z.string().default("./data"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(12),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  COOKIE_SECURE: booleanFromEnv,
  TRUST_PROXY: trustProxyFromEnv,
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  TASUKI_WEB_DIST: z.string().optional(),
  TASUKI_PUBLIC_URL: z.url().optional(),
  TASUKI_JOBS: z.enum(["on", "off"]).default("on"),
  TASUKI_JOBS_INTERVAL_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  CHATWORK_API_BASE_URL: z.url().default("https://api.chatwork.com/v2"),
  TASUKI_DELIVERY_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(10),
  TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS: booleanFromEnv,
  TASUKI_QUERY_TIMEOUT_SECONDS: z.coerce.number().min(0.05).max(600).default(5),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: "pglite"; dataDir: string | null } | { kind: "postgres"; url: string };
  sessionTtlMs: number;
  logLevel: z.infer<typeof configSchema>["LOG_LEVEL"];
  /** Secure cookies on every response; without it, only on requests that came over https. */
  cookieSecure: boolean;
  /** Fastify's `trustProxy`: false, or the addresses of the proxies trusted to forward. */
  trustProxy: false | string[];
  webDist: string | null;
  /**
   * How long one statement of a user-triggered analysis (impact preview, calibration, analytics,
   * goal views) may run before the request answers `query_timeout`. Background jobs have none.
   */
  queryTimeoutMs: number;
  /** Where people open Tasuki; links in chat posts and webhooks point here. */
  publicUrl: string;
  jobs: {
    /** Whether this instance runs the background jobs (SLA sweep, channel deliveries). */
    enabled: boolean;
    intervalMs: number;
    deliveryTimeoutMs: number;
    /** Chatwork's API root; tests point it at a local receiver. */
    chatworkBaseUrl: string;
    /**
     * Lets webhook, Slack and Teams channels post over http and to loopback, private and
     * link-local addresses (tests, on-premise receivers). Off: https to public addresses only.
     */
    allowPrivateWebhookTargets: boolean;
  };
}

/** Thrown for bad settings; the message names every variable to fix. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the environment once, at start-up. Nothing else in the server reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (設定エラー):\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: e.TASUKI_DATA_DIR },
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === "production",
    trustProxy: e.TRUST_PROXY,
    webDist: e.TASUKI_WEB_DIST ?? null,
    queryTimeoutMs: Math.round(e.TASUKI_QUERY_TIMEOUT_SECONDS * 1000),
    publicUrl: (e.TASUKI_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    jobs: {
      enabled: e.TASUKI_JOBS === "on",
      intervalMs: e.TASUKI_JOBS_INTERVAL_SECONDS * 1000,
      deliveryTimeoutMs: e.TASUKI_DELIVERY_TIMEOUT_SECONDS * 1000,
      chatworkBaseUrl: e.CHATWORK_API_BASE_URL.replace(/\/+$/, ""),
      allowPrivateWebhookTargets: e.TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS ?? false,
    },
  };
}
