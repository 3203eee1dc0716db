import { ROLES } from "@tasuki/domain";
import { z } from "zod";
import { idSchema, instantSchema, teamRefSchema } from "./common.ts";
import { LOCALES } from "./messages.ts";

export const loginRequestSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

export const currentUserSchema = z
  .object({
    id: idSchema,
    email: z.email(),
    familyName: z.string(),
    givenName: z.string(),
    name: z.string().describe("姓 名 order"),
    role: z.enum(ROLES),
    team: teamRefSchema.nullable(),
    locale: z.enum(LOCALES),
  })
  .meta({ id: "CurrentUser" });
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const loginResponseSchema = z.object({
  user: currentUserSchema,
  csrfToken: z
    .string()
    .describe("Send back as the `x-csrf-token` header on every write made with the session cookie"),
  expiresAt: instantSchema,
});

export const API_TOKEN_SCOPES = ["read", "write"] as const;

export const createApiTokenRequestSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1).default(["read"]),
  expiresAt: instantSchema.nullable().optional(),
});

export const apiTokenSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)),
    prefix: z.string().describe("First characters, to tell tokens apart"),
    createdAt: instantSchema,
    expiresAt: instantSchema.nullable(),
    lastUsedAt: instantSchema.nullable(),
    revokedAt: instantSchema.nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiTokenResponse = z.infer<typeof apiTokenSchema>;

export const createApiTokenResponseSchema = z.object({
  apiToken: apiTokenSchema,
  token: z.string().describe("The secret, shown only this once; send it as `Authorization: Bearer <token>`"),
});
