import {
  EXPORT_REPLACED_HEADER,
  type ExportKind,
  exportQuerySchema,
  idListSchema,
  listActivitiesQuerySchema,
  listCompaniesQuerySchema,
  listOpportunitiesQuerySchema,
  listPeopleQuerySchema,
} from "@tasuki/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { actorOf } from "../auth/auth.plugin.ts";
import { localeOf } from "../http/error-handler.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { contentDisposition, type ExportFilters, exportCsv } from "./export.service.ts";

const exportPeopleQuerySchema = exportQuerySchema(listPeopleQuerySchema).extend({
  ids: idListSchema.describe("Comma-separated person ids: export only this selection (within the filter)"),
});
const exportCompaniesQuerySchema = exportQuerySchema(listCompaniesQuerySchema);
const exportOpportunitiesQuerySchema = exportQuerySchema(listOpportunitiesQuerySchema);
const exportActivitiesQuerySchema = exportQuerySchema(listActivitiesQuerySchema);

const csvResponse = {
  200: z.string().describe("CSV: UTF-8 with BOM, or Shift_JIS (CP932); CRLF; first line the headers"),
};

const SUMMARY =
  "Streams every row of the list's current filter as CSV (same query parameters as the list, no paging); formula-like cells are prefixed with '; dates JST; audited";

/** The list endpoint's filter and the export options, split. */
function send<K extends ExportKind>(
  deps: Deps,
  kind: K,
  request: FastifyRequest,
  reply: FastifyReply,
  query: { encoding: "utf8" | "shift_jis"; lang?: "ja" | "en" | undefined },
) {
  const { encoding, lang, ...filter } = query;
  const locale = lang ?? localeOf(request);
  const out = exportCsv(deps, actorOf(request), kind, filter as unknown as ExportFilters[K], {
    encoding,
    locale,
  });
  reply
    .header("content-type", `text/csv; charset=${encoding === "utf8" ? "utf-8" : "Shift_JIS"}`)
    .header("content-disposition", contentDisposition(out.fileName))
    .header("cache-control", "no-store");
  if (encoding === "shift_jis") reply.trailer(EXPORT_REPLACED_HEADER, async () => String(out.replaced()));
  return reply.send(out.stream);
}

export function registerExportRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/v1/people/export",
    operation("records.read", {
      operationId: "exportPeople",
      tags: ["people"],
      summary: `${SUMMARY}. \`ids\` narrows to a selection.`,
      produces: ["text/csv"],
      querystring: exportPeopleQuerySchema,
      response: csvResponse,
    }),
    async (request, reply) => send(deps, "people", request, reply, request.query),
  );
  app.get(
    "/api/v1/companies/export",
    operation("records.read", {
      operationId: "exportCompanies",
      tags: ["companies"],
      summary: SUMMARY,
      produces: ["text/csv"],
      querystring: exportCompaniesQuerySchema,
      response: csvResponse,
    }),
    async (request, reply) => send(deps, "companies", request, reply, request.query),
  );
  app.get(
    "/api/v1/opportunities/export",
    operation("records.read", {
      operationId: "exportOpportunities",
      tags: ["opportunities"],
      summary: SUMMARY,
      produces: ["text/csv"],
      querystring: exportOpportunitiesQuerySchema,
      response: csvResponse,
    }),
    async (request, reply) => send(deps, "opportunities", request, reply, request.query),
  );
  app.get(
    "/api/v1/activities/export",
    operation("records.read", {
      operationId: "exportActivities",
      tags: ["activities"],
      summary: SUMMARY,
      produces: ["text/csv"],
      querystring: exportActivitiesQuerySchema,
      response: csvResponse,
    }),
    async (request, reply) => send(deps, "activities", request, reply, request.query),
  );
}
