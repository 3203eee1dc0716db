import { errorResponseSchema } from "@tasuki/contracts";
import type { Permission } from "@tasuki/domain";
import type { FastifyContextConfig } from "fastify";

/** The error responses every authenticated operation can give, for the OpenAPI document. */
const errorResponses = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  422: errorResponseSchema,
} as const;

/**
 * The route options of an authenticated operation: the permission the auth plugin checks, and
 * the schema with `errorResponses` added to its responses. The schema's types are kept, so the
 * handler's `request.params`, `query` and `body` are still typed from it.
 */
export function operation<S extends { operationId: string; response: Record<number, unknown> }>(
  permission: Permission,
  schema: S,
  options: { idempotent?: boolean } = {},
): {
  config: { permission: Permission; idempotent?: boolean };
  schema: Omit<S, "response"> & { response: S["response"] & typeof errorResponses };
} {
  return {
    config: { permission, ...options },
    schema: { ...schema, response: { ...schema.response, ...errorResponses } },
  };
}

/**
 * The route options of a public operation (signing in and out, reading the session): no
 * permission, no actor, and only the responses the schema lists. `config` adds route config such
 * as a rate limit. Every /api/v1 route is declared with `operation` or this.
 */
export function publicOperation<S extends { operationId: string; response: Record<number, unknown> }>(
  schema: S,
  config: Omit<FastifyContextConfig, "permission" | "public"> = {},
): { config: FastifyContextConfig & { public: true }; schema: S } {
  return { config: { ...config, public: true }, schema };
}
