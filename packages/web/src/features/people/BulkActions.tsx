import { Button, Group, Paper, Select, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Temperature } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiErrorText } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { PeopleQuery } from "../../api/types.ts";
import { exportUrl } from "../../components/ExportButton.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { useCan } from "../auth/session.tsx";
import { temperatureOptions } from "./options.ts";

type Filter = Omit<PeopleQuery, "cursor" | "limit" | "sort" | "order">;

/** The list's filter as the bulk API reads it: the list's query fields, lists comma-separated. */
function filterBody(filter: Filter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[key] = value.join(",");
    } else out[key] = String(value);
  }
  return out;
}

/**
 * The people list's bulk bar: for the ticked rows, or every person matching the filter, assign an
 * owner, set 温度感, add to a campaign, or export. Each action is one request (one set-based,
 * audited write on the server) and says what changed and what was skipped.
 */
export function BulkActions({
  selectedIds,
  allMatching,
  onSelectAllMatching,
  onClear,
  filter,
}: {
  selectedIds: string[];
  allMatching: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  filter: Filter;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const canAddToCampaign = useCan("campaigns.write");
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [temperature, setTemperature] = useState<Temperature | null>(null);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const campaigns = useQuery({
    queryKey: ["campaigns", "list", "bulk"],
    queryFn: () => api.listCampaigns({ limit: 200 }),
    enabled: canAddToCampaign,
    staleTime: 5 * 60_000,
  });
  const selection = allMatching ? { filter: filterBody(filter) } : { ids: selectedIds };
  const done = (message: string) => {
    notifications.show({ color: "teal", message });
    void queryClient.invalidateQueries({ queryKey: keys.people });
    onClear();
  };
  const failed = (error: unknown) => notifications.show({ color: "red", message: apiErrorText(error) });
  const update = useMutation({
    mutationFn: (set: { ownerId?: string; temperature?: Temperature }) =>
      api.bulkUpdatePeople({ ...selection, set }),
    onSuccess: (r) =>
      done(
        t("people.bulk.updated", {
          updated: r.updated,
          unchanged: r.skipped.unchanged,
          forbidden: r.skipped.forbidden,
        }),
      ),
    onError: failed,
  });
  const addMembers = useMutation({
    mutationFn: (id: string) => api.addCampaignMembers(id, selection),
    onSuccess: (r) =>
      done(
        t("people.bulk.added", {
          added: r.added,
          already: r.skipped.alreadyMember,
          forbidden: r.skipped.forbidden,
        }),
      ),
    onError: failed,
  });
  const busy = update.isPending || addMembers.isPending;
  const exportHref = exportUrl(
    "people",
    allMatching ? filter : { ids: selectedIds.join(",") },
    "shift_jis",
    i18n.language,
  );

  return (
    <Paper withBorder radius="md" p="sm" mb="sm" data-testid="people-bulk-bar">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Text size="sm" fw={600} data-testid="people-bulk-count">
          {allMatching
            ? t("people.bulk.allMatching")
            : t("people.bulk.selected", { count: selectedIds.length })}
        </Text>
        {!allMatching && (
          <Button variant="subtle" size="xs" onClick={onSelectAllMatching} data-testid="people-bulk-all">
            {t("people.bulk.selectAllMatching")}
          </Button>
        )}
        <Button variant="subtle" size="xs" color="gray" onClick={onClear}>
          {t("people.bulk.clear")}
        </Button>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap" mt="xs">
        <UserSelect label={t("people.bulk.owner")} value={ownerId} onChange={setOwnerId} w={200} />
        <Button
          variant="default"
          disabled={!ownerId || busy}
          onClick={() => ownerId && update.mutate({ ownerId })}
          data-testid="people-bulk-owner"
        >
          {t("people.bulk.apply")}
        </Button>
        <Select
          label={t("people.bulk.temperature")}
          data={temperatureOptions(t)}
          value={temperature}
          onChange={(v) => setTemperature(v as Temperature | null)}
          w={160}
          data-testid="people-bulk-temperature-select"
        />
        <Button
          variant="default"
          disabled={!temperature || busy}
          onClick={() => temperature && update.mutate({ temperature })}
          data-testid="people-bulk-temperature"
        >
          {t("people.bulk.apply")}
        </Button>
        {canAddToCampaign && (
          <>
            <Select
              label={t("people.bulk.campaign")}
              data={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={campaignId}
              onChange={setCampaignId}
              searchable
              w={220}
            />
            <Button
              variant="default"
              disabled={!campaignId || busy}
              onClick={() => campaignId && addMembers.mutate(campaignId)}
              data-testid="people-bulk-campaign"
            >
              {t("people.bulk.add")}
            </Button>
          </>
        )}
        <Button
          component="a"
          href={exportHref}
          download
          variant="default"
          leftSection={<IconDownload size={16} />}
          data-testid="people-bulk-export"
        >
          {t("people.bulk.export")}
        </Button>
      </Group>
    </Paper>
  );
}
