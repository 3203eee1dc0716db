import {
  ACTIVITY_TYPES,
  ASSIGNMENT_MODES,
  HANDOFF_STATES,
  LIFECYCLE_STAGES,
  NOTIFICATION_CHANNEL_KINDS,
  RELAY_EVENT_TYPES,
  SLA_GOALS,
  SLA_STATUSES,
  TEMPERATURES,
} from "@tasuki/domain";
import { z } from "zod";
import {
  csvEnum,
  idSchema,
  instantSchema,
  optionalText,
  pageQuerySchema,
  pageSchema,
  shortText,
  teamRefSchema,
  userRefSchema,
  versionSchema,
} from "./common.ts";

// ── Handoffs ────────────────────────────────────────────────────────────────────────────────

export const createHandoffRequestSchema = z.object({
  personId: idSchema,
  opportunityId: idSchema.nullable().optional(),
  fromTeamId: idSchema.optional().describe("Defaults to the sender's team"),
  toTeamId: idSchema,
  whyNow: z.string().trim().min(1).max(2000).describe("Baton note: why hand over now"),
  engagedActivityIds: z
    .array(idSchema)
    .max(50)
    .default([])
    .describe("Baton note: the person's activities that show the interest"),
  temperature: z.enum(TEMPERATURES).nullable().optional().describe("Baton note: 温度感"),
  note: optionalText(5000).describe("Baton note: anything else the receiver should know"),
  assigneeId: idSchema
    .nullable()
    .optional()
    .describe(
      "A member of the receiving team; omit to use the team's assignment rule (queue, round robin, least loaded)",
    ),
});

export const acceptHandoffRequestSchema = z.object({ version: versionSchema });

export const rejectHandoffRequestSchema = z.object({
  reasonId: idSchema.describe("From listRejectionReasons"),
  comment: z.string().trim().min(1).max(2000).describe("What the sending team should know"),
  version: versionSchema,
});

export const rejectionReasonSchema = z
  .object({
    id: idSchema,
    key: z.string(),
    labelJa: z.string(),
    labelEn: z.string(),
    disqualifies: z.boolean().describe("Sends the person to disqualified instead of back to nurture"),
    active: z.boolean(),
  })
  .meta({ id: "RejectionReason" });
export const rejectionReasonListSchema = z.object({ items: z.array(rejectionReasonSchema) });

export const handoffSchema = z
  .object({
    id: idSchema,
    person: z.object({ id: idSchema, name: z.string(), stage: z.enum(LIFECYCLE_STAGES) }),
    opportunity: z.object({ id: idSchema, name: z.string() }).nullable(),
    fromTeam: teamRefSchema,
    toTeam: teamRefSchema,
    createdBy: userRefSchema.nullable(),
    batonNote: z.object({
      whyNow: z.string(),
      engagedActivities: z.array(
        z.object({
          id: idSchema,
          type: z.enum(ACTIVITY_TYPES),
          occurredAt: instantSchema,
          subject: z.string().nullable(),
        }),
      ),
      temperature: z.enum(TEMPERATURES).nullable(),
      note: z.string().nullable(),
    }),
    assignee: userRefSchema.nullable().describe("Null: waiting in the receiving team's queue"),
    state: z.enum(HANDOFF_STATES),
    slaPolicyId: idSchema,
    slaGoal: z.enum(SLA_GOALS),
    slaBusinessMinutes: z.number().int().describe("Business minutes of the SLA policy it runs under"),
    createdAt: instantSchema,
    dueAt: instantSchema.describe("createdAt + slaBusinessMinutes on the receiving team's business calendar"),
    atRiskAt: instantSchema.describe("Start of the last 25 % of the SLA, in business time"),
    slaStatus: z.enum(SLA_STATUSES).describe("Now for a pending handoff; at the decision for a decided one"),
    businessMinutesLeft: z
      .number()
      .nullable()
      .describe("Business minutes until dueAt (negative when overdue); null once decided"),
    escalatedTo: userRefSchema.nullable().describe("The manager alerted when the SLA was breached"),
    breachedAt: instantSchema.nullable(),
    decidedAt: instantSchema.nullable(),
    decidedBy: userRefSchema.nullable(),
    rejectionReason: rejectionReasonSchema.nullable(),
    rejectionComment: z.string().nullable(),
    updatedAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "Handoff" });
export type HandoffResponse = z.infer<typeof handoffSchema>;

export const HANDOFF_SORTS = ["createdAt", "dueAt"] as const;
export const listHandoffsQuerySchema = pageQuerySchema.extend({
  teamId: idSchema.optional().describe("Receiving team (a team's inbox)"),
  fromTeamId: idSchema.optional().describe('Sending team (e.g. marketing\'s "returned to us" view)'),
  assigneeId: idSchema.optional(),
  personId: idSchema.optional(),
  state: csvEnum(HANDOFF_STATES).optional(),
  slaStatus: csvEnum(SLA_STATUSES).optional().describe("As computed now (see Handoff.slaStatus)"),
  sort: z.enum(HANDOFF_SORTS).default("createdAt").describe("`dueAt` with order=asc is the inbox order"),
});
export const handoffPageSchema = pageSchema(handoffSchema);

// ── SLA policies ────────────────────────────────────────────────────────────────────────────

export const slaPolicySchema = z
  .object({
    id: idSchema,
    fromTeam: teamRefSchema,
    toTeam: teamRefSchema,
    goal: z.enum(SLA_GOALS),
    businessMinutes: z.number().int(),
    updatedAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "SlaPolicy" });
export const slaPolicyListSchema = z.object({ items: z.array(slaPolicySchema) });

export const updateSlaPoliciesRequestSchema = z.object({
  items: z
    .array(
      z.object({
        id: idSchema,
        goal: z.enum(SLA_GOALS).optional(),
        businessMinutes: z
          .number()
          .int()
          .min(1)
          .max(60 * 24 * 30)
          .describe("Business minutes, e.g. 240 = 4 business hours"),
        version: versionSchema,
      }),
    )
    .min(1),
});

// ── Business calendar ───────────────────────────────────────────────────────────────────────

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM で入力してください（例: 09:00） / use HH:MM, e.g. 09:00")
  .describe("JST, HH:MM");
const companyHolidaySchema = z.object({
  date: z
    .string()
    .regex(
      /^(\d{4}-)?\d{2}-\d{2}$/,
      "MM-DD（毎年）か YYYY-MM-DD（その年のみ）で入力してください / use MM-DD (every year) or YYYY-MM-DD (once)",
    ),
  name: shortText(100),
});
const workdaysSchema = z
  .array(z.number().int().min(0).max(6))
  .min(1)
  .max(7)
  .describe("0 = Sunday … 6 = Saturday");

export const businessCalendarSettingsSchema = z
  .object({
    workdays: workdaysSchema,
    workStart: timeOfDay,
    workEnd: timeOfDay,
    nationalHolidays: z.boolean().describe("Japan's national holidays (祝日, 振替休日) are days off"),
    companyHolidays: z.array(companyHolidaySchema),
  })
  .meta({ id: "BusinessCalendarSettings" });

export const businessCalendarSchema = z
  .object({
    company: businessCalendarSettingsSchema.extend({ version: z.number().int() }),
    teams: z.array(
      z.object({
        team: teamRefSchema,
        override: z
          .object({
            workdays: workdaysSchema.nullable(),
            workStart: timeOfDay.nullable(),
            workEnd: timeOfDay.nullable(),
            nationalHolidays: z.boolean().nullable(),
            companyHolidays: z.array(companyHolidaySchema).nullable(),
            version: z.number().int(),
          })
          .nullable()
          .describe("Null fields inherit the company calendar"),
        effective: businessCalendarSettingsSchema,
      }),
    ),
  })
  .meta({ id: "BusinessCalendar" });

export const updateBusinessCalendarRequestSchema = z.object({
  teamId: idSchema
    .nullable()
    .default(null)
    .describe("A team's override; null or omitted for the company calendar"),
  workdays: workdaysSchema.nullable().optional(),
  workStart: timeOfDay.nullable().optional(),
  workEnd: timeOfDay.nullable().optional(),
  nationalHolidays: z.boolean().nullable().optional(),
  companyHolidays: z.array(companyHolidaySchema).max(366).nullable().optional(),
  version: versionSchema.optional().describe("Required when the calendar exists (always for the company)"),
});

// ── Assignment per team ─────────────────────────────────────────────────────────────────────

export const relayTeamSettingsSchema = z
  .object({
    team: teamRefSchema,
    assignmentMode: z.enum(ASSIGNMENT_MODES),
    version: z.number().int(),
  })
  .meta({ id: "RelayTeamSettings" });
export const relayTeamSettingsListSchema = z.object({ items: z.array(relayTeamSettingsSchema) });
export const updateRelayTeamSettingsRequestSchema = z.object({
  assignmentMode: z.enum(ASSIGNMENT_MODES),
  version: versionSchema.optional().describe("Required when the team has settings already"),
});
export const teamIdParamsSchema = z.object({ teamId: idSchema });

// ── Notifications ───────────────────────────────────────────────────────────────────────────

export const notificationSchema = z
  .object({
    id: idSchema,
    type: z.enum(RELAY_EVENT_TYPES),
    handoffId: idSchema.nullable(),
    message: z.string().describe("In the caller's language"),
    read: z.boolean(),
    createdAt: instantSchema,
  })
  .meta({ id: "Notification" });
export const listNotificationsQuerySchema = pageQuerySchema.extend({
  unread: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("Only unread ones"),
});
export const notificationPageSchema = pageSchema(notificationSchema);
export const markNotificationsReadRequestSchema = z.object({
  ids: z.array(idSchema).min(1).max(500),
});
export const markNotificationsReadResponseSchema = z.object({ updated: z.number().int() });

export const notificationChannelSchema = z
  .object({
    id: idSchema,
    kind: z.enum(NOTIFICATION_CHANNEL_KINDS),
    name: z.string(),
    target: z.string().describe("Where it posts, with secrets masked"),
    events: z.array(z.enum(RELAY_EVENT_TYPES)),
    team: teamRefSchema.nullable().describe("Only handoffs from or to this team; null for all"),
    active: z.boolean(),
    createdAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "NotificationChannel" });
export const notificationChannelListSchema = z.object({ items: z.array(notificationChannelSchema) });

const urlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe("https (http only for localhost)");
const channelCommon = {
  name: shortText(100),
  events: z.array(z.enum(RELAY_EVENT_TYPES)).min(1).default(["handoff.at_risk", "handoff.breached"]),
  teamId: idSchema.nullable().optional(),
};
export const createNotificationChannelRequestSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("slack"),
    url: urlSchema.describe("Slack incoming webhook URL"),
    ...channelCommon,
  }),
  z.object({
    kind: z.literal("teams"),
    url: urlSchema.describe("Microsoft Teams Workflows webhook URL"),
    ...channelCommon,
  }),
  z.object({
    kind: z.literal("chatwork"),
    roomId: z.string().regex(/^\d{1,20}$/, "ルームIDは数字です / the room id is a number"),
    apiToken: z.string().trim().min(1).max(200).describe("Chatwork API token; stored, never shown again"),
    ...channelCommon,
  }),
  z.object({
    kind: z.literal("webhook"),
    url: urlSchema.describe("Receives Standard Webhooks–signed JSON POSTs"),
    ...channelCommon,
  }),
]);
export const createNotificationChannelResponseSchema = z.object({
  channel: notificationChannelSchema,
  signingSecret: z
    .string()
    .nullable()
    .describe("For webhook channels: the `whsec_…` secret to verify signatures, shown only this once"),
});
