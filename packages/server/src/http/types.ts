import type { Actor as DomainActor, Permission } from "@tasuki/domain";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";

/** Who is calling, and how: a session (cookie + CSRF) or an API token (scopes). */
export interface Actor extends DomainActor {
  via: "session" | "token";
  tokenId: string | null;
  scopes: readonly string[] | null;
}

export interface Clock {
  now(): Date;
}

/** What every area needs; passed in, so tests can swap the clock or the database. */
export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Required on every /api/v1 route unless `public`: checked before the handler runs. */
    permission?: Permission;
    public?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
