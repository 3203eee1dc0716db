import type { timelineEntrySchema } from "@tasuki/contracts";
import type { z } from "zod";
import { findActivitiesByIds } from "../activities/activities.repository.ts";
import { toActivityResponse } from "../activities/activities.service.ts";
import { encodeCursor } from "../db/pagination.ts";
import { notFound } from "../http/app-error.ts";
import type { Deps } from "../http/types.ts";
import { userNames } from "../users/users.service.ts";
import { findPerson, findStageChangesByIds } from "./people.repository.ts";
import { listTimelineKeys } from "./timeline.repository.ts";

type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export async function getPersonTimeline(
  deps: Deps,
  personId: string,
  query: { limit: number; cursor?: string },
) {
  if (!(await findPerson(deps.db, personId))) throw notFound("person");
  const keys = await listTimelineKeys(deps.db, personId, query.limit, query.cursor);
  const page = keys.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = keys.length > query.limit && last ? encodeCursor(last.at, last.id) : null;

  const [activityRows, stageRows] = await Promise.all([
    findActivitiesByIds(
      deps.db,
      page.filter((k) => k.kind === "activity").map((k) => k.id),
    ),
    findStageChangesByIds(
      deps.db,
      page.filter((k) => k.kind === "stage_change").map((k) => k.id),
    ),
  ]);
  const names = await userNames(deps, [
    ...activityRows.map((a) => a.createdBy),
    ...stageRows.map((s) => s.changedBy),
  ]);
  const activitiesById = new Map(activityRows.map((a) => [a.id, a]));
  const stagesById = new Map(stageRows.map((s) => [s.id, s]));

  const items: TimelineEntry[] = page.flatMap((key): TimelineEntry[] => {
    if (key.kind === "activity") {
      const row = activitiesById.get(key.id);
      if (!row) return [];
      return [
        {
          kind: "activity",
          id: row.id,
          at: row.occurredAt.toISOString(),
          activity: toActivityResponse(row, names),
          stageChange: null,
        },
      ];
    }
    const row = stagesById.get(key.id);
    if (!row) return [];
    return [
      {
        kind: "stage_change",
        id: row.id,
        at: row.changedAt.toISOString(),
        activity: null,
        stageChange: {
          from: row.fromStage,
          to: row.toStage,
          reason: row.reason,
          changedBy: row.changedBy ? { id: row.changedBy, name: names.get(row.changedBy) ?? "" } : null,
          definitionVersionId: row.definitionVersionId,
        },
      },
    ];
  });
  return { items, nextCursor };
}
