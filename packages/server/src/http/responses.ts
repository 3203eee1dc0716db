import { errorResponseSchema } from "@tasuki/contracts";
import type { Permission } from "@tasuki/domain";

/** The error responses every authenticated operation can give, for the OpenAPI document. */
export const errorResponses = {
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
