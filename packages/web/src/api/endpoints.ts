import { request } from "./client.ts";
import type {
  AcceptHandoffRequest,
  AcceptInvitationRequest,
  ActivitiesQuery,
  Activity,
  AddCampaignMembersRequest,
  AddCampaignMembersResult,
  AnalyticsFilterQuery,
  AnalyticsRecordPage,
  AnalyticsRecordsQuery,
  ApiToken,
  ApproveDefinitionResponse,
  ApproveScoringModelResponse,
  BulkUpdatePeopleRequest,
  BulkUpdatePeopleResult,
  BusinessCalendar,
  CalibrationPeoplePage,
  CalibrationPeopleQuery,
  Campaign,
  ChangePersonStageRequest,
  ChangePersonStageResponse,
  CheckInvitationResponse,
  CloseOpportunityRequest,
  CompaniesQuery,
  Company,
  CreateActivityRequest,
  CreateApiTokenRequest,
  CreateApiTokenResponse,
  CreateCompanyRequest,
  CreateDefinitionRequest,
  CreateGoalCommentRequest,
  CreateGoalRequest,
  CreateHandoffRequest,
  CreateNotificationChannelRequest,
  CreateNotificationChannelResponse,
  CreateOpportunityRequest,
  CreatePersonRequest,
  CreateRejectionReasonRequest,
  CreateUserRequest,
  CreateUserResponse,
  CurrentUser,
  Definition,
  DefinitionDetail,
  DefinitionImpact,
  DeliveriesQuery,
  Delivery,
  DraftDefinitionRequest,
  Funnel,
  Goal,
  GoalComment,
  GoalPacing,
  GoalPlan,
  GoalRecordPage,
  GoalSummary,
  GoalView,
  Handoff,
  HandoffsQuery,
  IndustryResponse,
  Invitation,
  IssuedInvitation,
  Job,
  LoginRequest,
  LoginResponse,
  LostReason,
  MarketingKpis,
  Notification,
  NotificationChannel,
  OpportunitiesQuery,
  Opportunity,
  Page,
  PeopleQuery,
  Person,
  PersonDefinitions,
  PersonScore,
  Pipeline,
  PipelineQuery,
  ProposeScoringModelRequest,
  ReasonTrend,
  RejectHandoffRequest,
  RejectionReason,
  ReopenOpportunityRequest,
  ScoreHistory,
  ScoringCalibration,
  ScoringModel,
  SessionResponse,
  SlaCompliance,
  SlaComplianceQuery,
  SlaPolicy,
  StageProgression,
  Team,
  TestNotificationChannelResponse,
  TimelineEntry,
  UpdateBusinessCalendarRequest,
  UpdateCompanyRequest,
  UpdateCurrentUserRequest,
  UpdateGoalCommentRequest,
  UpdateGoalRequest,
  UpdateNotificationChannelRequest,
  UpdateOpportunityRequest,
  UpdatePersonRequest,
  UpdateRejectionReasonRequest,
  UpdateSlaPoliciesRequest,
  UpdateUserRequest,
  User,
  ValidateExpressionResponse,
  Velocity,
} from "./types.ts";

/** One function per API operation, named by its operationId (or mapped to it in `operationIdOf`). */
export const api = {
  login: (body: LoginRequest) => request<LoginResponse>("POST", "/auth/login", { body }),
  logout: () => request<null>("POST", "/auth/logout"),
  getSession: () => request<SessionResponse>("GET", "/auth/session"),
  getCurrentUser: () => request<CurrentUser>("GET", "/me"),
  updateCurrentUser: (body: UpdateCurrentUserRequest) => request<CurrentUser>("PATCH", "/me", { body }),

  listUsers: (includeInactive = false) =>
    request<{ items: User[] }>("GET", "/users", { query: { includeInactive: includeInactive || undefined } }),
  listTeams: () => request<{ items: Team[] }>("GET", "/teams"),
  createUser: (body: CreateUserRequest) => request<CreateUserResponse>("POST", "/users", { body }),
  updateUser: (id: string, body: UpdateUserRequest) => request<User>("PATCH", `/users/${id}`, { body }),
  listInvitations: () => request<{ items: Invitation[] }>("GET", "/invitations"),
  reissueInvitation: (id: string) => request<IssuedInvitation>("POST", `/users/${id}/invitation`),
  checkInvitation: (token: string) =>
    request<CheckInvitationResponse>("POST", "/invitations/check", { body: { token } }),
  acceptInvitation: (body: AcceptInvitationRequest) =>
    request<LoginResponse>("POST", "/invitations/accept", { body }),

  listApiTokens: () => request<{ items: ApiToken[] }>("GET", "/api-tokens"),
  createApiToken: (body: CreateApiTokenRequest) =>
    request<CreateApiTokenResponse>("POST", "/api-tokens", { body }),
  revokeApiToken: (id: string) => request<ApiToken>("DELETE", `/api-tokens/${id}`),

  listPeople: (query: PeopleQuery) => request<Page<Person>>("GET", "/people", { query }),
  getPerson: (id: string) => request<Person>("GET", `/people/${id}`),
  bulkUpdatePeople: (body: BulkUpdatePeopleRequest) =>
    request<BulkUpdatePeopleResult>("POST", "/people/bulk-update", { body }),
  createPerson: (body: CreatePersonRequest) => request<Person>("POST", "/people", { body }),
  updatePerson: (id: string, body: UpdatePersonRequest) =>
    request<Person>("PATCH", `/people/${id}`, { body }),
  changePersonStage: (id: string, body: ChangePersonStageRequest) =>
    request<ChangePersonStageResponse>("POST", `/people/${id}/stage`, { body }),
  getPersonTimeline: (id: string, query: { cursor?: string; limit?: number }) =>
    request<Page<TimelineEntry>>("GET", `/people/${id}/timeline`, { query }),
  createActivity: (body: CreateActivityRequest) => request<Activity>("POST", "/activities", { body }),

  listCompanies: (query: CompaniesQuery) => request<Page<Company>>("GET", "/companies", { query }),
  getCompany: (id: string) => request<Company>("GET", `/companies/${id}`),
  createCompany: (body: CreateCompanyRequest) => request<Company>("POST", "/companies", { body }),
  updateCompany: (id: string, body: UpdateCompanyRequest) =>
    request<Company>("PATCH", `/companies/${id}`, { body }),

  listOpportunities: (query: OpportunitiesQuery) =>
    request<Page<Opportunity>>("GET", "/opportunities", { query }),
  getOpportunity: (id: string) => request<Opportunity>("GET", `/opportunities/${id}`),
  createOpportunity: (body: CreateOpportunityRequest) =>
    request<Opportunity>("POST", "/opportunities", { body }),
  updateOpportunity: (id: string, body: UpdateOpportunityRequest) =>
    request<Opportunity>("PATCH", `/opportunities/${id}`, { body }),
  closeOpportunity: (id: string, body: CloseOpportunityRequest) =>
    request<Opportunity>("POST", `/opportunities/${id}/close`, { body }),
  reopenOpportunity: (id: string, body: ReopenOpportunityRequest) =>
    request<Opportunity>("POST", `/opportunities/${id}/reopen`, { body }),
  listLostReasons: () => request<{ items: LostReason[] }>("GET", "/lost-reasons"),

  listDefinitions: () => request<{ items: Definition[] }>("GET", "/definitions"),
  getDefinition: (id: string) => request<DefinitionDetail>("GET", `/definitions/${id}`),
  createDefinition: (body: CreateDefinitionRequest) =>
    request<DefinitionDetail>("POST", "/definitions", { body }),
  saveDefinitionDraft: (id: string, body: DraftDefinitionRequest) =>
    request<DefinitionDetail>("PUT", `/definitions/${id}/draft`, { body }),
  proposeDefinitionVersion: (id: string, body: DraftDefinitionRequest) =>
    request<DefinitionDetail>("POST", `/definitions/${id}/versions`, { body }),
  approveDefinitionVersion: (
    id: string,
    versionId: string,
    body: { comment?: string; proseMatchesRule: boolean },
  ) =>
    request<ApproveDefinitionResponse>("POST", `/definitions/${id}/versions/${versionId}/approve`, { body }),
  rejectDefinitionVersion: (id: string, versionId: string, body: { comment: string }) =>
    request<DefinitionDetail>("POST", `/definitions/${id}/versions/${versionId}/reject`, { body }),
  commentDefinitionVersion: (id: string, versionId: string, body: { body: string }) =>
    request<DefinitionDetail>("POST", `/definitions/${id}/versions/${versionId}/comments`, { body }),
  getDefinitionImpact: (id: string, versionId: string, query: { from: string; to: string }) =>
    request<DefinitionImpact>("GET", `/definitions/${id}/versions/${versionId}/impact`, { query }),
  validateExpression: (expression: string) =>
    request<ValidateExpressionResponse>("POST", "/definitions/validate", { body: { expression } }),
  evaluatePersonDefinitions: (id: string) => request<PersonDefinitions>("GET", `/people/${id}/definitions`),

  listHandoffs: (query: HandoffsQuery) => request<Page<Handoff>>("GET", "/handoffs", { query }),
  getHandoff: (id: string) => request<Handoff>("GET", `/handoffs/${id}`),
  createHandoff: (body: CreateHandoffRequest) => request<Handoff>("POST", "/handoffs", { body }),
  acceptHandoff: (id: string, body: AcceptHandoffRequest) =>
    request<Handoff>("POST", `/handoffs/${id}/accept`, { body }),
  rejectHandoff: (id: string, body: RejectHandoffRequest) =>
    request<Handoff>("POST", `/handoffs/${id}/reject`, { body }),
  listRejectionReasons: () => request<{ items: RejectionReason[] }>("GET", "/rejection-reasons"),
  listAllRejectionReasons: () =>
    request<{ items: RejectionReason[] }>("GET", "/rejection-reasons", {
      query: { includeInactive: "true" },
    }),
  createRejectionReason: (body: CreateRejectionReasonRequest) =>
    request<RejectionReason>("POST", "/rejection-reasons", { body }),
  updateRejectionReason: (id: string, body: UpdateRejectionReasonRequest) =>
    request<RejectionReason>("PATCH", `/rejection-reasons/${id}`, { body }),
  getSlaPolicies: () => request<{ items: SlaPolicy[] }>("GET", "/sla-policies"),
  updateSlaPolicies: (body: UpdateSlaPoliciesRequest) =>
    request<{ items: SlaPolicy[] }>("PUT", "/sla-policies", { body }),
  getBusinessCalendar: () => request<BusinessCalendar>("GET", "/business-calendar"),
  updateBusinessCalendar: (body: UpdateBusinessCalendarRequest) =>
    request<BusinessCalendar>("PUT", "/business-calendar", { body }),
  listNotificationChannels: () => request<{ items: NotificationChannel[] }>("GET", "/notification-channels"),
  createNotificationChannel: (body: CreateNotificationChannelRequest) =>
    request<CreateNotificationChannelResponse>("POST", "/notification-channels", { body }),
  updateNotificationChannel: (id: string, body: UpdateNotificationChannelRequest) =>
    request<NotificationChannel>("PATCH", `/notification-channels/${id}`, { body }),
  deleteNotificationChannel: (id: string) => request<void>("DELETE", `/notification-channels/${id}`),
  testNotificationChannel: (id: string) =>
    request<TestNotificationChannelResponse>("POST", `/notification-channels/${id}/test`),
  listDeliveries: (id: string, query: DeliveriesQuery) =>
    request<Page<Delivery>>("GET", `/notification-channels/${id}/deliveries`, { query }),
  getSlaCompliance: (query: SlaComplianceQuery) =>
    request<SlaCompliance>("GET", "/sla-compliance", { query }),
  listNotifications: (query: { unread?: boolean; limit?: number; cursor?: string }) =>
    request<Page<Notification>>("GET", "/notifications", { query }),
  markNotificationsRead: (ids: string[]) =>
    request<{ updated: number }>("POST", "/notifications/read", { body: { ids } }),

  getPersonScore: (id: string) => request<PersonScore>("GET", `/people/${id}/score`),
  getScoreHistory: (id: string) => request<ScoreHistory>("GET", `/people/${id}/score/history`),

  listGoals: () => request<{ items: GoalSummary[] }>("GET", "/goals"),
  getGoal: (id: string) => request<Goal>("GET", `/goals/${id}`),
  createGoal: (body: CreateGoalRequest) => request<Goal>("POST", "/goals", { body }),
  updateGoal: (id: string, body: UpdateGoalRequest) => request<Goal>("PATCH", `/goals/${id}`, { body }),
  getGoalPlan: (id: string) => request<GoalPlan>("GET", `/goals/${id}/plan`),
  getGoalPacing: (id: string) => request<GoalPacing>("GET", `/goals/${id}/pacing`),
  getGoalView: (id: string) => request<GoalView>("GET", `/goals/${id}/view`),
  listGoalRecords: (id: string, query: { stage: string; month: string; limit?: number; cursor?: string }) =>
    request<GoalRecordPage>("GET", `/goals/${id}/records`, { query }),
  createGoalComment: (id: string, body: CreateGoalCommentRequest) =>
    request<GoalComment>("POST", `/goals/${id}/comments`, { body }),
  updateGoalComment: (id: string, commentId: string, body: UpdateGoalCommentRequest) =>
    request<GoalComment>("PATCH", `/goals/${id}/comments/${commentId}`, { body }),
  getScoringModel: () => request<ScoringModel>("GET", "/scoring/model"),
  proposeScoringModel: (body: ProposeScoringModelRequest) =>
    request<ScoringModel>("POST", "/scoring/model/versions", { body }),
  approveScoringModel: (versionId: string, body: { comment?: string } = {}) =>
    request<ApproveScoringModelResponse>("POST", `/scoring/model/versions/${versionId}/approve`, { body }),
  rejectScoringModel: (versionId: string, body: { comment: string }) =>
    request<ScoringModel>("POST", `/scoring/model/versions/${versionId}/reject`, { body }),
  rescoreAll: () => request<Job>("POST", "/scoring/rescore"),
  getJob: (id: string) => request<Job>("GET", `/jobs/${id}`),
  getScoringCalibration: (query: { from: string; to: string }) =>
    request<ScoringCalibration>("GET", "/scoring/calibration", { query }),
  listCalibrationPeople: (query: CalibrationPeopleQuery) =>
    request<CalibrationPeoplePage>("GET", "/scoring/calibration/people", { query }),
  getFunnel: (query: AnalyticsFilterQuery & { view?: "cohort" | "period" }) =>
    request<Funnel>("GET", "/analytics/funnel", { query }),
  getVelocity: (query: AnalyticsFilterQuery) => request<Velocity>("GET", "/analytics/velocity", { query }),
  getStageProgression: (query: AnalyticsFilterQuery) =>
    request<StageProgression>("GET", "/analytics/stage-progression", { query }),
  getLostReasons: (query: AnalyticsFilterQuery) =>
    request<ReasonTrend>("GET", "/analytics/lost-reasons", { query }),
  getRejectionReasons: (query: AnalyticsFilterQuery) =>
    request<ReasonTrend>("GET", "/analytics/rejection-reasons", { query }),
  getIndustryResponse: (query: AnalyticsFilterQuery) =>
    request<IndustryResponse>("GET", "/analytics/industry-response", { query }),
  getMarketingKpis: (query: AnalyticsFilterQuery) =>
    request<MarketingKpis>("GET", "/analytics/marketing-kpis", { query }),
  /** パイプライン金額 (open deals, total and per stage): the one source for every screen showing it. */
  getPipeline: (query: PipelineQuery) => request<Pipeline>("GET", "/analytics/pipeline", { query }),
  listAnalyticsRecords: (query: AnalyticsRecordsQuery) =>
    request<AnalyticsRecordPage>("GET", "/analytics/records", { query }),
  listCampaigns: (query: { limit?: number; cursor?: string; sort?: string; order?: "asc" | "desc" }) =>
    request<Page<Campaign>>("GET", "/campaigns", { query }),
  listActivities: (query: ActivitiesQuery) => request<Page<Activity>>("GET", "/activities", { query }),
  addCampaignMembers: (id: string, body: AddCampaignMembersRequest) =>
    request<AddCampaignMembersResult>("POST", `/campaigns/${id}/members`, { body }),
};

/**
 * The operationId behind each function of `api` whose name is not itself one: a second way of
 * calling the same operation. `endpoints.test.ts` checks every method and path against
 * docs/openapi.json by this name.
 */
export const operationIdOf: { readonly [K in keyof typeof api]?: string } = {
  listAllRejectionReasons: "listRejectionReasons",
};

/** Query keys by area, so a write can invalidate exactly what it changed. */
export const keys = {
  session: ["session"] as const,
  users: (includeInactive = false) => ["users", { includeInactive }] as const,
  teams: ["teams"] as const,
  invitations: ["users", "invitations"] as const,
  apiTokens: ["api-tokens"] as const,
  people: ["people"] as const,
  peopleList: (query: PeopleQuery) => ["people", "list", query] as const,
  person: (id: string) => ["people", "detail", id] as const,
  timeline: (id: string) => ["people", "timeline", id] as const,
  companies: ["companies"] as const,
  companiesList: (query: CompaniesQuery) => ["companies", "list", query] as const,
  company: (id: string) => ["companies", "detail", id] as const,
  opportunities: ["opportunities"] as const,
  opportunitiesList: (query: OpportunitiesQuery) => ["opportunities", "list", query] as const,
  /** Under "opportunities" so that every deal change refreshes it. */
  pipeline: (query: PipelineQuery) => ["opportunities", "pipeline", query] as const,
  opportunity: (id: string) => ["opportunities", "detail", id] as const,
  lostReasons: ["lost-reasons"] as const,
  definitions: ["definitions"] as const,
  definitionsList: ["definitions", "list"] as const,
  definition: (id: string) => ["definitions", "detail", id] as const,
  definitionImpact: (id: string, versionId: string, range: { from: string; to: string }) =>
    ["definitions", "impact", id, versionId, range] as const,
  validateExpression: (expression: string) => ["rule-check", expression] as const,
  personDefinitions: (id: string) => ["people", "definitions", id] as const,
  handoffs: ["handoffs"] as const,
  handoffsList: (query: HandoffsQuery) => ["handoffs", "list", query] as const,
  handoff: (id: string) => ["handoffs", "detail", id] as const,
  rejectionReasons: ["rejection-reasons"] as const,
  rejectionReasonsAll: ["rejection-reasons", "all"] as const,
  slaPolicies: ["sla-policies"] as const,
  businessCalendar: ["business-calendar"] as const,
  notificationChannels: ["notification-channels"] as const,
  deliveries: (id: string, query: DeliveriesQuery) =>
    ["notification-channels", "deliveries", id, query] as const,
  slaCompliance: (query: SlaComplianceQuery) => ["sla-compliance", query] as const,
  notifications: ["notifications"] as const,
  notificationsList: (query: { unread?: boolean; limit?: number }) =>
    ["notifications", "list", query] as const,
  personScore: (id: string) => ["people", "score", id] as const,
  goals: ["goals"] as const,
  goal: (id: string) => ["goals", "detail", id] as const,
  goalPlan: (id: string) => ["goals", "plan", id] as const,
  goalPacing: (id: string) => ["goals", "pacing", id] as const,
  goalView: (id: string) => ["goals", "view", id] as const,
  goalRecords: (id: string, stage: string, month: string, cursor?: string) =>
    ["goals", "records", id, stage, month, cursor ?? null] as const,
  scoreHistory: (id: string) => ["people", "score-history", id] as const,
  scoring: ["scoring"] as const,
  scoringModel: ["scoring", "model"] as const,
  scoringCalibration: (range: { from: string; to: string }) => ["scoring", "calibration", range] as const,
  calibrationPeople: (query: CalibrationPeopleQuery) => ["scoring", "calibration-people", query] as const,
  job: (id: string) => ["jobs", id] as const,
  analytics: (metric: string, query: Record<string, unknown>) => ["analytics", metric, query] as const,
  analyticsRecords: (query: Record<string, unknown>) => ["analytics", "records", query] as const,
  analyticsCampaigns: ["campaigns", "list", "analytics"] as const,
  campaignsList: (query: Record<string, unknown>) => ["campaigns", "list", query] as const,
  activitiesList: (query: ActivitiesQuery) => ["activities", "list", query] as const,
};
