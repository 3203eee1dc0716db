import { ROLES, TEAM_FUNCTIONS } from "@tasuki/domain";
import { z } from "zod";
import { currentUserSchema } from "./auth.ts";
import { idSchema, instantSchema, shortText, teamRefSchema } from "./common.ts";
import { LOCALES } from "./messages.ts";

/** Shared with the server's createUser rule, so the form can say it before sending. */
export const PASSWORD_MIN_LENGTH = 10;

export const userSchema = z
  .object({
    id: idSchema,
    email: z.email(),
    familyName: z.string(),
    givenName: z.string(),
    name: z.string().describe("姓 名 order"),
    role: z.enum(ROLES),
    team: teamRefSchema.nullable(),
    locale: z.enum(LOCALES),
    active: z.boolean().describe("Inactive users cannot sign in and are hidden from owner pickers"),
    createdAt: instantSchema,
    updatedAt: instantSchema,
  })
  .meta({ id: "User" });
export type UserResponse = z.infer<typeof userSchema>;

export const listUsersQuerySchema = z.object({
  includeInactive: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("Include deactivated users (default: only active ones)"),
});
export const userListSchema = z.object({ items: z.array(userSchema) });

export const teamSchema = z
  .object({
    id: idSchema,
    key: z.string(),
    function: z.enum(TEAM_FUNCTIONS),
    nameJa: z.string(),
    nameEn: z.string(),
  })
  .meta({ id: "Team" });
export const teamListSchema = z.object({ items: z.array(teamSchema) });

const passwordSchema = z
  .string()
  .min(
    PASSWORD_MIN_LENGTH,
    `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください / password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  )
  .max(200);

export const createUserRequestSchema = z.object({
  email: z.email().max(254),
  familyName: shortText(100).describe("姓"),
  givenName: shortText(100).describe("名"),
  role: z.enum(ROLES),
  teamId: idSchema.nullable().optional().describe("Defaults to the team of the role's relay function"),
  password: z
    .never({
      error:
        "パスワードは管理者が設定できません。招待リンクで本人が設定します / an admin cannot set a password: the invited user sets their own through the invitation link",
    })
    .optional()
    .describe("Refused: the invited user sets their own password through the invitation link"),
  locale: z.enum(LOCALES).default("ja"),
});
export type CreateUserInput = z.output<typeof createUserRequestSchema>;

/** Invitation links live this long (issue 20). */
export const INVITATION_TTL_HOURS = 72;

/** A freshly issued invitation: the token is returned once, only its hash is kept. */
export const issuedInvitationSchema = z
  .object({
    id: idSchema,
    userId: idSchema,
    token: z.string().describe("Shown only this once; the link is `/invitation#<token>` on the web app"),
    expiresAt: instantSchema,
  })
  .meta({ id: "IssuedInvitation" });
export type IssuedInvitation = z.infer<typeof issuedInvitationSchema>;

export const createUserResponseSchema = z.object({
  user: userSchema,
  invitation: issuedInvitationSchema,
});

/** A pending (not used, not replaced) invitation, for the admin's users page; never the token. */
export const invitationSchema = z
  .object({
    id: idSchema,
    userId: idSchema,
    email: z.email(),
    name: z.string().describe("姓 名 order"),
    createdAt: instantSchema,
    expiresAt: instantSchema,
    expired: z.boolean().describe("Past expiresAt: re-issue to send a new link"),
  })
  .meta({ id: "Invitation" });
export const invitationListSchema = z.object({ items: z.array(invitationSchema) });

export const invitationTokenRequestSchema = z.object({
  token: z.string().trim().min(1).max(200).describe("The token from the invitation link"),
});

/** What the invitation page shows before the password is set. */
export const checkInvitationResponseSchema = z.object({
  email: z.email(),
  name: z.string(),
  locale: z.enum(LOCALES),
  expiresAt: instantSchema,
});

export const acceptInvitationRequestSchema = z.object({
  token: z.string().trim().min(1).max(200).describe("The token from the invitation link"),
  password: passwordSchema.describe("The user's own new password"),
});

export const updateUserRequestSchema = z.object({
  familyName: shortText(100).optional(),
  givenName: shortText(100).optional(),
  role: z.enum(ROLES).optional(),
  teamId: idSchema.nullable().optional(),
  active: z.boolean().optional(),
  password: z
    .never({
      error:
        "パスワードは管理者が設定できません。パスワード再設定用の招待リンクを発行してください / an admin cannot set a password: issue an invitation link instead",
    })
    .optional()
    .describe("Refused: re-issue an invitation link, with which the user sets a new password"),
});
export type UpdateUserInput = z.output<typeof updateUserRequestSchema>;

export const updateCurrentUserRequestSchema = z.object({
  familyName: shortText(100).optional(),
  givenName: shortText(100).optional(),
  locale: z.enum(LOCALES).optional().describe("The UI language, remembered for this user"),
});

/**
 * The session behind the cookie, with its CSRF token, so a reloaded page can write again;
 * `session` is null when there is no valid session (not an error: the app just shows login).
 */
export const sessionResponseSchema = z.object({
  session: z
    .object({
      user: currentUserSchema,
      csrfToken: z.string().describe("Send back as the `x-csrf-token` header on writes"),
      expiresAt: instantSchema,
    })
    .nullable(),
});
