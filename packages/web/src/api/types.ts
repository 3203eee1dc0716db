import type {
  acceptHandoffRequestSchema,
  acceptInvitationRequestSchema,
  activitySchema,
  addCampaignMembersRequestSchema,
  addCampaignMembersResponseSchema,
  analyticsFilterSchema,
  analyticsRecordPageSchema,
  analyticsRecordSchema,
  apiTokenSchema,
  approveDefinitionResponseSchema,
  approveScoringModelResponseSchema,
  bulkUpdatePeopleRequestSchema,
  bulkUpdatePeopleResponseSchema,
  businessCalendarSchema,
  calibrationPeoplePageSchema,
  campaignSchema,
  changePersonStageRequestSchema,
  changePersonStageResponseSchema,
  checkInvitationResponseSchema,
  closeOpportunityRequestSchema,
  companySchema,
  createActivityRequestSchema,
  createApiTokenRequestSchema,
  createApiTokenResponseSchema,
  createCompanyRequestSchema,
  createDefinitionRequestSchema,
  createGoalCommentRequestSchema,
  createGoalRequestSchema,
  createHandoffRequestSchema,
  createNotificationChannelRequestSchema,
  createNotificationChannelResponseSchema,
  createOpportunityRequestSchema,
  createPersonRequestSchema,
  createRejectionReasonRequestSchema,
  createUserRequestSchema,
  createUserResponseSchema,
  currentUserSchema,
  definitionDetailSchema,
  definitionSchema,
  definitionVersionSchema,
  deliverySchema,
  draftDefinitionRequestSchema,
  funnelSchema,
  getSlaComplianceQuerySchema,
  goalCommentSchema,
  goalPacingSchema,
  goalPlanSchema,
  goalRecordPageSchema,
  goalSchema,
  goalSummarySchema,
  goalViewSchema,
  handoffSchema,
  impactSchema,
  industryResponseSchema,
  invitationSchema,
  issuedInvitationSchema,
  jobSchema,
  listActivitiesQuerySchema,
  listAnalyticsRecordsQuerySchema,
  listCalibrationPeopleQuerySchema,
  listCompaniesQuerySchema,
  listDeliveriesQuerySchema,
  listHandoffsQuerySchema,
  listOpportunitiesQuerySchema,
  listPeopleQuerySchema,
  loginRequestSchema,
  loginResponseSchema,
  lostReasonSchema,
  marketingKpisSchema,
  notificationChannelSchema,
  notificationSchema,
  opportunitySchema,
  personDefinitionsSchema,
  personSchema,
  personScoreSchema,
  pipelineQuerySchema,
  pipelineSchema,
  proposeScoringModelRequestSchema,
  reasonTrendSchema,
  rejectHandoffRequestSchema,
  rejectionReasonSchema,
  reopenOpportunityRequestSchema,
  ruleErrorSchema,
  scoreHistorySchema,
  scoreLineSchema,
  scoringCalibrationSchema,
  scoringModelConfigSchema,
  scoringModelSchema,
  scoringModelVersionSchema,
  sessionResponseSchema,
  slaComplianceSchema,
  slaPolicySchema,
  stageProgressionSchema,
  teamSchema,
  testNotificationChannelResponseSchema,
  timelineEntrySchema,
  updateBusinessCalendarRequestSchema,
  updateCompanyRequestSchema,
  updateCurrentUserRequestSchema,
  updateGoalCommentRequestSchema,
  updateGoalRequestSchema,
  updateNotificationChannelRequestSchema,
  updateOpportunityRequestSchema,
  updatePersonRequestSchema,
  updateRejectionReasonRequestSchema,
  updateSlaPoliciesRequestSchema,
  updateUserRequestSchema,
  userSchema,
  validateExpressionResponseSchema,
  velocitySchema,
} from "@tasuki/contracts";
import type { z } from "zod";

/** Every type here is inferred from the zod contracts the server validates with: one source of truth. */
export type CurrentUser = z.infer<typeof currentUserSchema>;
export type LoginRequest = z.input<typeof loginRequestSchema>;
export type LoginResponse = z.infer<typeof loginResponseSchema>;
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
export type UpdateCurrentUserRequest = z.input<typeof updateCurrentUserRequestSchema>;

export type User = z.infer<typeof userSchema>;
export type Team = z.infer<typeof teamSchema>;
export type CreateUserRequest = z.input<typeof createUserRequestSchema>;
export type UpdateUserRequest = z.input<typeof updateUserRequestSchema>;
export type CreateUserResponse = z.infer<typeof createUserResponseSchema>;
export type IssuedInvitation = z.infer<typeof issuedInvitationSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type CheckInvitationResponse = z.infer<typeof checkInvitationResponseSchema>;
export type AcceptInvitationRequest = z.input<typeof acceptInvitationRequestSchema>;

export type ApiToken = z.infer<typeof apiTokenSchema>;
export type CreateApiTokenRequest = z.input<typeof createApiTokenRequestSchema>;
export type CreateApiTokenResponse = z.infer<typeof createApiTokenResponseSchema>;

export type Person = z.infer<typeof personSchema>;
export type CreatePersonRequest = z.input<typeof createPersonRequestSchema>;
export type UpdatePersonRequest = z.input<typeof updatePersonRequestSchema>;
export type ChangePersonStageRequest = z.input<typeof changePersonStageRequestSchema>;
export type ChangePersonStageResponse = z.infer<typeof changePersonStageResponseSchema>;
/** Query parameters as the client builds them: lists as arrays, every field optional. */
export type PeopleQuery = Partial<z.output<typeof listPeopleQuerySchema>>;
export type BulkUpdatePeopleRequest = z.input<typeof bulkUpdatePeopleRequestSchema>;
export type BulkUpdatePeopleResult = z.infer<typeof bulkUpdatePeopleResponseSchema>;
export type AddCampaignMembersRequest = z.input<typeof addCampaignMembersRequestSchema>;
export type AddCampaignMembersResult = z.infer<typeof addCampaignMembersResponseSchema>;

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type Activity = z.infer<typeof activitySchema>;
export type ActivitiesQuery = Partial<z.output<typeof listActivitiesQuerySchema>>;
export type CreateActivityRequest = z.input<typeof createActivityRequestSchema>;

export type Company = z.infer<typeof companySchema>;
export type CreateCompanyRequest = z.input<typeof createCompanyRequestSchema>;
export type UpdateCompanyRequest = z.input<typeof updateCompanyRequestSchema>;
export type CompaniesQuery = Partial<z.output<typeof listCompaniesQuerySchema>>;

export type Opportunity = z.infer<typeof opportunitySchema>;
export type CreateOpportunityRequest = z.input<typeof createOpportunityRequestSchema>;
export type UpdateOpportunityRequest = z.input<typeof updateOpportunityRequestSchema>;
export type CloseOpportunityRequest = z.input<typeof closeOpportunityRequestSchema>;
export type ReopenOpportunityRequest = z.input<typeof reopenOpportunityRequestSchema>;
export type OpportunitiesQuery = Partial<z.output<typeof listOpportunitiesQuerySchema>>;
export type LostReason = z.infer<typeof lostReasonSchema>;

export type Definition = z.infer<typeof definitionSchema>;
export type DefinitionDetail = z.infer<typeof definitionDetailSchema>;
export type DefinitionVersion = z.infer<typeof definitionVersionSchema>;
export type CreateDefinitionRequest = z.input<typeof createDefinitionRequestSchema>;
export type DraftDefinitionRequest = z.input<typeof draftDefinitionRequestSchema>;
export type ApproveDefinitionResponse = z.infer<typeof approveDefinitionResponseSchema>;
export type RuleError = z.infer<typeof ruleErrorSchema>;
export type ValidateExpressionResponse = z.infer<typeof validateExpressionResponseSchema>;
export type DefinitionImpact = z.infer<typeof impactSchema>;
export type PersonDefinitions = z.infer<typeof personDefinitionsSchema>;

export type Handoff = z.infer<typeof handoffSchema>;
export type CreateHandoffRequest = z.input<typeof createHandoffRequestSchema>;
export type AcceptHandoffRequest = z.input<typeof acceptHandoffRequestSchema>;
export type RejectHandoffRequest = z.input<typeof rejectHandoffRequestSchema>;
export type HandoffsQuery = Partial<z.output<typeof listHandoffsQuerySchema>>;
export type RejectionReason = z.infer<typeof rejectionReasonSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type CreateRejectionReasonRequest = z.input<typeof createRejectionReasonRequestSchema>;
export type UpdateRejectionReasonRequest = z.input<typeof updateRejectionReasonRequestSchema>;
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type UpdateSlaPoliciesRequest = z.input<typeof updateSlaPoliciesRequestSchema>;
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;
export type UpdateBusinessCalendarRequest = z.input<typeof updateBusinessCalendarRequestSchema>;
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;
export type CreateNotificationChannelRequest = z.input<typeof createNotificationChannelRequestSchema>;
export type CreateNotificationChannelResponse = z.infer<typeof createNotificationChannelResponseSchema>;
export type UpdateNotificationChannelRequest = z.input<typeof updateNotificationChannelRequestSchema>;
export type TestNotificationChannelResponse = z.infer<typeof testNotificationChannelResponseSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type DeliveriesQuery = Partial<z.output<typeof listDeliveriesQuerySchema>>;
export type SlaCompliance = z.infer<typeof slaComplianceSchema>;
export type SlaComplianceQuery = Partial<z.output<typeof getSlaComplianceQuerySchema>>;

export type PersonScore = z.infer<typeof personScoreSchema>;
export type ScoreLine = z.infer<typeof scoreLineSchema>;
export type ScoreHistory = z.infer<typeof scoreHistorySchema>;
export type ScoringModel = z.infer<typeof scoringModelSchema>;
export type ScoringModelVersion = z.infer<typeof scoringModelVersionSchema>;
export type ScoringModelConfig = z.infer<typeof scoringModelConfigSchema>;
export type ProposeScoringModelRequest = z.input<typeof proposeScoringModelRequestSchema>;
export type ApproveScoringModelResponse = z.infer<typeof approveScoringModelResponseSchema>;
export type ScoringCalibration = z.infer<typeof scoringCalibrationSchema>;
export type CalibrationPeopleQuery = Partial<z.output<typeof listCalibrationPeopleQuerySchema>> & {
  from: string;
  to: string;
};
export type CalibrationPeoplePage = z.infer<typeof calibrationPeoplePageSchema>;
export type Job = z.infer<typeof jobSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type GoalSummary = z.infer<typeof goalSummarySchema>;
export type Goal = z.infer<typeof goalSchema>;
export type GoalPlan = z.infer<typeof goalPlanSchema>;
export type GoalPacing = z.infer<typeof goalPacingSchema>;
export type GoalView = z.infer<typeof goalViewSchema>;
export type GoalComment = z.infer<typeof goalCommentSchema>;
export type GoalRecordPage = z.infer<typeof goalRecordPageSchema>;
export type CreateGoalRequest = z.input<typeof createGoalRequestSchema>;
export type UpdateGoalRequest = z.input<typeof updateGoalRequestSchema>;
export type CreateGoalCommentRequest = z.input<typeof createGoalCommentRequestSchema>;
export type UpdateGoalCommentRequest = z.input<typeof updateGoalCommentRequestSchema>;
export type AnalyticsFilterQuery = z.input<typeof analyticsFilterSchema>;
export type Funnel = z.infer<typeof funnelSchema>;
export type Velocity = z.infer<typeof velocitySchema>;
export type StageProgression = z.infer<typeof stageProgressionSchema>;
export type ReasonTrend = z.infer<typeof reasonTrendSchema>;
export type IndustryResponse = z.infer<typeof industryResponseSchema>;
export type MarketingKpis = z.infer<typeof marketingKpisSchema>;
export type Pipeline = z.infer<typeof pipelineSchema>;
export type PipelineQuery = z.input<typeof pipelineQuerySchema>;
export type AnalyticsRecord = z.infer<typeof analyticsRecordSchema>;
export type AnalyticsRecordPage = z.infer<typeof analyticsRecordPageSchema>;
export type AnalyticsRecordsQuery = Partial<z.output<typeof listAnalyticsRecordsQuerySchema>> &
  Pick<z.output<typeof listAnalyticsRecordsQuerySchema>, "metric">;
export type Campaign = z.infer<typeof campaignSchema>;
