import {
  ACTIVITY_TYPES,
  ASSIGNMENT_MODES,
  DELIVERY_STATUSES,
  HANDOFF_STATES,
  isHolidayDate,
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
  dateSchema,
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
export type CreateHandoffInput = z.output<typeof createHandoffRequestSchema>;

export const acceptHandoffRequestSchema = z.object({ version: versionSchema });

export const rejectHandoffRequestSchema = z.object({
  reasonId: idSchema.describe("From listRejectionReasons"),
  comment: z.string().trim().min(1).max(2000).describe("What the sending team should know"),
  version: versionSchema,
});
export type RejectHandoffInput = z.output<typeof rejectHandoffRequestSchema>;

export const rejectionReasonSchema = z
  .object({
    id: idSchema,
    key: z.string(),
    labelJa: z.string(),
    labelEn: z.string(),
    disqualifies: z.boolean().describe("Sends the person to disqualified instead of back to nurture"),
    active: z.boolean().describe("Inactive reasons stay on past handoffs but cannot be chosen"),
    sortOrder: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: "RejectionReason" });
export const rejectionReasonListSchema = z.object({ items: z.array(rejectionReasonSchema) });
export const listRejectionReasonsQuerySchema = z.object({
  includeInactive: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .default(false)
    .describe("Also the deactivated ones (settings)"),
});
const reasonLabel = (max = 60) => z.string().trim().min(1).max(max);
export const createRejectionReasonRequestSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, "英小文字・数字・_ で入力してください / lowercase letters, digits and _")
    .optional()
    .describe("Stable code for reports and webhooks; made from labelEn when omitted"),
  labelJa: reasonLabel(),
  labelEn: reasonLabel(),
  disqualifies: z.boolean().default(false),
  sortOrder: z.number().int().min(0).max(10_000).optional().describe("Defaults to after the last one"),
});
export type CreateRejectionReasonInput = z.output<typeof createRejectionReasonRequestSchema>;
export const updateRejectionReasonRequestSchema = z.object({
  labelJa: reasonLabel().optional(),
  labelEn: reasonLabel().optional(),
  disqualifies: z.boolean().optional(),
  active: z.boolean().optional().describe("false deactivates; past handoffs keep the reason"),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  version: versionSchema,
});
export type UpdateRejectionReasonInput = z.output<typeof updateRejectionReasonRequestSchema>;

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

/**
 * How a handoff ended against its SLA: `met` decided (accepted or rejected) before dueAt;
 * `breached` decided, withdrawn or still waiting at or after dueAt; `pending` still waiting
 * before dueAt; `withdrawn` closed by a stage change before dueAt (counted neither way).
 */
export const SLA_OUTCOMES = ["met", "breached", "pending", "withdrawn"] as const;
export type SlaOutcome = (typeof SLA_OUTCOMES)[number];

const periodFields = {
  from: dateSchema.optional().describe("Created on or after this JST date (YYYY-MM-DD)"),
  to: dateSchema.optional().describe("Created on or before this JST date (YYYY-MM-DD)"),
};

export const listHandoffsQuerySchema = pageQuerySchema.extend({
  teamId: idSchema.optional().describe("Receiving team (a team's inbox)"),
  fromTeamId: idSchema.optional().describe('Sending team (e.g. marketing\'s "returned to us" view)'),
  assigneeId: idSchema.optional(),
  unassigned: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("true: only handoffs nobody is assigned to (the team queue)"),
  personId: idSchema.optional(),
  state: csvEnum(HANDOFF_STATES).optional(),
  slaStatus: csvEnum(SLA_STATUSES).optional().describe("As computed now (see Handoff.slaStatus)"),
  slaOutcome: csvEnum(SLA_OUTCOMES).optional().describe("As counted by getSlaCompliance"),
  ...periodFields,
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
const companyHolidaySchema = z
  .object({
    date: z
      .string()
      .regex(
        /^(\d{4}-)?\d{2}-\d{2}$/,
        "MM-DD（毎年）か YYYY-MM-DD（その年のみ）で入力してください / use MM-DD (every year) or YYYY-MM-DD (once)",
      ),
    name: shortText(100),
  })
  .superRefine((holiday, ctx) => {
    if (!/^(\d{4}-)?\d{2}-\d{2}$/.test(holiday.date) || isHolidayDate(holiday.date)) return;
    const name = holiday.name.replaceAll(" / ", "／");
    ctx.addIssue({
      code: "custom",
      path: ["date"],
      input: holiday.date,
      message: `休日「${name}」の日付 ${holiday.date} は存在しない日付です（月は01〜12、日はその月の日数まで） / holiday "${name}": ${holiday.date} is not a real date (month 01–12, day within that month)`,
    });
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
export type UpdateBusinessCalendarInput = z.output<typeof updateBusinessCalendarRequestSchema>;

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
    deliveryCounts: z
      .object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() })
      .describe("Its delivery log by status (pending includes sending)"),
    createdAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "NotificationChannel" });
export const notificationChannelListSchema = z.object({ items: z.array(notificationChannelSchema) });

const urlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe(
    "https to a public address; loopback, private, link-local and metadata addresses are refused " +
      "(http and private addresses only when the server sets TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS=true)",
  );
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

export const deliverySchema = z
  .object({
    id: idSchema,
    eventType: z.enum(RELAY_EVENT_TYPES),
    handoffId: idSchema.nullable(),
    personName: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: instantSchema
      .nullable()
      .describe("When the next retry goes out; null unless it waits for one"),
    deliveredAt: instantSchema.nullable(),
    createdAt: instantSchema,
    updatedAt: instantSchema,
  })
  .meta({ id: "Delivery" });
export const deliveryPageSchema = pageSchema(deliverySchema);
export const listDeliveriesQuerySchema = pageQuerySchema.extend({
  status: csvEnum(DELIVERY_STATUSES).optional(),
});

export const updateNotificationChannelRequestSchema = z.object({
  name: shortText(100).optional(),
  events: z.array(z.enum(RELAY_EVENT_TYPES)).min(1).optional(),
  teamId: idSchema.nullable().optional(),
  active: z
    .boolean()
    .optional()
    .describe("false disables the channel: nothing new is queued, pending deliveries fail"),
  url: urlSchema.optional().describe("New webhook URL (slack, teams, webhook)"),
  roomId: z
    .string()
    .regex(/^\d{1,20}$/, "ルームIDは数字です / the room id is a number")
    .optional()
    .describe("Chatwork"),
  apiToken: z.string().trim().min(1).max(200).optional().describe("Chatwork; replaces the stored token"),
  version: versionSchema,
});
export type UpdateNotificationChannelInput = z.output<typeof updateNotificationChannelRequestSchema>;

export const TEST_SEND_OUTCOMES = ["ok", "http_error", "timeout", "unreachable", "refused"] as const;
export const testNotificationChannelResponseSchema = z.object({
  ok: z.boolean(),
  outcome: z
    .enum(TEST_SEND_OUTCOMES)
    .describe(
      "ok (2xx), http_error (see statusCode), timeout, unreachable (name, connection or TLS), " +
        "refused (the target is not allowed)",
    ),
  statusCode: z.number().int().nullable().describe("The receiver's HTTP status, when it answered"),
  error: z
    .string()
    .nullable()
    .describe("What went wrong, in Tasuki's words (ja / en); never the receiver's response body"),
});

// ── SLA compliance ──────────────────────────────────────────────────────────────────────────

export const getSlaComplianceQuerySchema = z.object({
  ...periodFields,
  teamId: idSchema.optional().describe("Receiving team"),
  assigneeId: idSchema.optional(),
});

/** total = decided + withdrawn + pendingOnTrack + pendingAtRisk + pendingOverdue (a partition by state). */
const complianceCountsSchema = z.object({
  total: z.number().int().describe("Handoffs received in the period"),
  decided: z.number().int().describe("Accepted or rejected (listHandoffs state=accepted,rejected)"),
  withinSla: z.number().int().describe("Decided before dueAt (slaOutcome=met)"),
  breached: z
    .number()
    .int()
    .describe("Decided, withdrawn or still waiting at or after dueAt (slaOutcome=breached)"),
  pendingOnTrack: z.number().int().describe("Waiting, on track now (slaOutcome=pending, slaStatus=on_track)"),
  pendingAtRisk: z
    .number()
    .int()
    .describe("Waiting, in the last 25 % now (slaOutcome=pending, slaStatus=at_risk)"),
  pendingOverdue: z
    .number()
    .int()
    .describe(
      "Still waiting past dueAt (state=pending,expired_escalated, slaOutcome=breached); also in breached",
    ),
  withdrawn: z
    .number()
    .int()
    .describe(
      "Closed by a stage change without a decision (state=withdrawn); a late one is also in breached",
    ),
});

/** The listHandoffs filter that returns exactly the handoffs a row counted. */
export const complianceFilterSchema = z.object({
  from: dateSchema,
  to: dateSchema,
  teamId: idSchema,
  assigneeId: idSchema.optional(),
  unassigned: z.literal(true).optional(),
});

const complianceRowFields = {
  counts: complianceCountsSchema,
  complianceRate: z
    .number()
    .nullable()
    .describe("withinSla / (withinSla + breached), 0–1; null when there is nothing to count"),
  medianResponseBusinessMinutes: z
    .number()
    .nullable()
    .describe(
      "Median business minutes from the handoff to its decision (the first action); null without decisions",
    ),
  filter: complianceFilterSchema.describe(
    "Pass to listHandoffs (with the count's own filter) to see the records",
  ),
};

export const slaComplianceSchema = z
  .object({
    from: dateSchema,
    to: dateSchema,
    asOf: instantSchema.describe("Pending handoffs are judged at this instant"),
    teams: z.array(z.object({ team: teamRefSchema, ...complianceRowFields })),
    assignees: z.array(
      z.object({
        team: teamRefSchema,
        assignee: userRefSchema.nullable().describe("Null: the team queue (nobody assigned yet)"),
        ...complianceRowFields,
      }),
    ),
  })
  .meta({ id: "SlaCompliance" });
