import {
  analyticsFilterSchema,
  analyticsRecordPageSchema,
  funnelQuerySchema,
  funnelSchema,
  industryResponseSchema,
  listAnalyticsRecordsQuerySchema,
  marketingKpisSchema,
  pipelineQuerySchema,
  pipelineSchema,
  reasonTrendSchema,
  stageProgressionSchema,
  velocitySchema,
} from "@tasuki/contracts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import {
  getFunnel,
  getIndustryResponse,
  getLostReasons,
  getMarketingKpis,
  getPipeline,
  getRejectionReasons,
  getStageProgression,
  getVelocity,
  listAnalyticsRecords,
} from "./analytics.service.ts";

const DRILL = " Every number lists its records through listAnalyticsRecords (see docs/METRICS.md).";

export function registerAnalyticsRoutes(app: App, deps: Deps): void {
  const tags = ["analytics"];
  const read = "records.read";
  app.get(
    "/api/v1/analytics/funnel",
    operation(read, {
      operationId: "getFunnel",
      tags,
      summary: "Conversion between every pair of adjacent stages, cohort or period view, by month",
      description: `Cohort: by month of first reaching the stage. Period: arrivals in the same window.${DRILL}`,
      querystring: funnelQuerySchema,
      response: { 200: funnelSchema },
    }),
    async (request) => getFunnel(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/velocity",
    operation(read, {
      operationId: "getVelocity",
      tags,
      summary: "Median and mean business days between adjacent stages, by month of arrival",
      description: `Business days on the company calendar (祝日, 年末年始 off).${DRILL}`,
      querystring: analyticsFilterSchema,
      response: { 200: velocitySchema },
    }),
    async (request) => getVelocity(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/stage-progression",
    operation(read, {
      operationId: "getStageProgression",
      tags,
      summary: "Stage changes into each stage per month (moves and distinct people)",
      description: DRILL.trim(),
      querystring: analyticsFilterSchema,
      response: { 200: stageProgressionSchema },
    }),
    async (request) => getStageProgression(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/lost-reasons",
    operation(read, {
      operationId: "getLostReasons",
      tags,
      summary: "Opportunities lost in the period by lost reason, per month",
      description: DRILL.trim(),
      querystring: analyticsFilterSchema,
      response: { 200: reasonTrendSchema },
    }),
    async (request) => getLostReasons(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/rejection-reasons",
    operation(read, {
      operationId: "getRejectionReasons",
      tags,
      summary: "Handoffs sent back in the period by rejection reason, per month",
      description: DRILL.trim(),
      querystring: analyticsFilterSchema,
      response: { 200: reasonTrendSchema },
    }),
    async (request) => getRejectionReasons(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/industry-response",
    operation(read, {
      operationId: "getIndustryResponse",
      tags,
      summary: "Response rate by industry and month (responded ÷ touched people)",
      description: DRILL.trim(),
      querystring: analyticsFilterSchema,
      response: { 200: industryResponseSchema },
    }),
    async (request) => getIndustryResponse(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/marketing-kpis",
    operation(read, {
      operationId: "getMarketingKpis",
      tags,
      summary: "名刺交換数, メール開封数, PV数, 問い合わせ数, 商談化率, 成約率, pipeline and won revenue",
      description: DRILL.trim(),
      querystring: analyticsFilterSchema,
      response: { 200: marketingKpisSchema },
    }),
    async (request) => getMarketingKpis(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/pipeline",
    operation(read, {
      operationId: "getPipeline",
      tags,
      summary: "パイプライン金額: open deals as of now and their amount, in total and per stage",
      description:
        "Open = neither won nor lost, whenever created (no period). The board, the home pages and the pipelineAmount KPI all read this definition (docs/METRICS.md). Lists its deals through listAnalyticsRecords metric=kpi, kpi=pipelineAmount.",
      querystring: pipelineQuerySchema,
      response: { 200: pipelineSchema },
    }),
    async (request) => getPipeline(deps, request.query),
  );
  app.get(
    "/api/v1/analytics/records",
    operation(read, {
      operationId: "listAnalyticsRecords",
      tags,
      summary: "The people, opportunities, handoffs, activities or stage changes behind one number",
      description:
        "Pass the metric, the same filter as the number, and the cell's coordinates (stage, fromStage/toStage, part, month, reasonId, responseIndustry, kpi). `total` equals the number.",
      querystring: listAnalyticsRecordsQuerySchema,
      response: { 200: analyticsRecordPageSchema },
    }),
    async (request) => listAnalyticsRecords(deps, request.query),
  );
}
