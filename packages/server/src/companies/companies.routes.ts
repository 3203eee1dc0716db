import {
  companyPageSchema,
  companySchema,
  createCompanyRequestSchema,
  idParamsSchema,
  listCompaniesQuerySchema,
  updateCompanyRequestSchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { createCompany, getCompany, listCompanies, updateCompany } from "./companies.service.ts";

export function registerCompanyRoutes(app: App, deps: Deps): void {
  const tags = ["companies"];
  app.get(
    "/api/v1/companies",
    operation("records.read", {
      operationId: "listCompanies",
      tags,
      summary: "List companies (search, filters, sort, cursor paging)",
      querystring: listCompaniesQuerySchema,
      response: { 200: companyPageSchema },
    }),
    async (request) => listCompanies(deps, request.query),
  );
  app.post(
    "/api/v1/companies",
    operation(
      "companies.write",
      {
        operationId: "createCompany",
        tags,
        summary: "Create a company",
        body: createCompanyRequestSchema,
        response: { 201: companySchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createCompany(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/companies/:id",
    operation("records.read", {
      operationId: "getCompany",
      tags,
      summary: "One company",
      params: idParamsSchema,
      response: { 200: companySchema },
    }),
    async (request) => getCompany(deps, request.params.id),
  );
  app.patch(
    "/api/v1/companies/:id",
    operation("companies.write", {
      operationId: "updateCompany",
      tags,
      summary: "Update a company (send the version you read)",
      params: idParamsSchema,
      body: updateCompanyRequestSchema,
      response: { 200: companySchema },
    }),
    async (request) => updateCompany(deps, actorOf(request), request.params.id, request.body),
  );
}
