import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateOpenApiDocument } from "./openapi.ts";

const committedPath = fileURLToPath(new URL("../../../docs/openapi.json", import.meta.url));

/** Operation ids other tools and people rely on; renaming one breaks them. */
const REQUIRED_OPERATIONS = [
  "login",
  "logout",
  "getCurrentUser",
  "listCompanies",
  "createCompany",
  "getCompany",
  "updateCompany",
  "listPeople",
  "createPerson",
  "getPerson",
  "updatePerson",
  "getPersonTimeline",
  "changePersonStage",
  "listActivities",
  "createActivity",
  "createActivities",
  "listOpportunities",
  "createOpportunity",
  "updateOpportunity",
  "closeOpportunity",
  "listCampaigns",
  "createCampaign",
  "createApiToken",
  "listApiTokens",
  "revokeApiToken",
  "createHandoff",
  "listHandoffs",
  "getHandoff",
  "acceptHandoff",
  "rejectHandoff",
  "listRejectionReasons",
  "getSlaPolicies",
  "updateSlaPolicies",
  "getBusinessCalendar",
  "updateBusinessCalendar",
  "listNotifications",
  "listNotificationChannels",
  "createNotificationChannel",
];

describe("OpenAPI document", () => {
  it("matches docs/openapi.json (run `npm run openapi` after changing a contract)", async () => {
    if (process.env.TASUKI_TEST_DB === "postgres") return; // the document does not depend on the database
    const generated = await generateOpenApiDocument();
    expect(
      generated === readFileSync(committedPath, "utf8"),
      "docs/openapi.json is stale: run `npm run openapi`",
    ).toBe(true);
  });

  it("is OpenAPI 3.1 with every required operationId, each unique", async () => {
    const document = JSON.parse(readFileSync(committedPath, "utf8")) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    expect(document.openapi).toBe("3.1.0");
    const ids = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of REQUIRED_OPERATIONS) expect(ids).toContain(id);
  });
});
