import { Alert, Button, Group, NumberInput, Paper, SegmentedControl, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiErrorText } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { SlaPolicy } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { ForbiddenState, TableSkeleton } from "../../components/states.tsx";
import { useCan } from "../auth/session.tsx";
import { useTeamLabel } from "../relay/teams.ts";

export function SlaPoliciesPage() {
  const canManage = useCan("relay.manage");
  if (!canManage) return <ForbiddenState />;
  return <SlaPolicies />;
}

type Draft = { goal: SlaPolicy["goal"]; hours: number; minutes: number };

function SlaPolicies() {
  const { t } = useTranslation();
  const policies = useQuery({ queryKey: keys.slaPolicies, queryFn: api.getSlaPolicies });
  return (
    <QueryState query={policies} loading={<TableSkeleton rows={3} />}>
      {(data) => (
        <PolicyForm
          key={data.items.map((p) => p.version).join(":")}
          items={data.items}
          description={t("relaySettings.sla.description")}
        />
      )}
    </QueryState>
  );
}

function PolicyForm({ items, description }: { items: SlaPolicy[]; description: string }) {
  const { t } = useTranslation();
  const teamLabel = useTeamLabel();
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(
      items.map((p) => [
        p.id,
        { goal: p.goal, hours: Math.floor(p.businessMinutes / 60), minutes: p.businessMinutes % 60 },
      ]),
    ),
  );
  const save = useMutation({
    mutationFn: () =>
      api.updateSlaPolicies({
        items: items.map((p) => ({
          id: p.id,
          goal: drafts[p.id]!.goal,
          businessMinutes: drafts[p.id]!.hours * 60 + drafts[p.id]!.minutes,
          version: p.version,
        })),
      }),
    onSuccess: (data) => {
      client.setQueryData(keys.slaPolicies, data);
      notifications.show({ color: "teal", message: t("relaySettings.saved") });
    },
  });
  const set = (id: string, change: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [id]: { ...d[id]!, ...change } }));
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed" mb="md" maw={760}>
        {description}
      </Text>
      <Table verticalSpacing="sm" data-testid="sla-policies">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("relaySettings.sla.edge")}</Table.Th>
            <Table.Th>{t("relaySettings.sla.goal")}</Table.Th>
            <Table.Th>{t("relaySettings.sla.time")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => {
            const d = drafts[p.id]!;
            return (
              <Table.Tr key={p.id} data-testid="sla-policy" data-edge={`${p.fromTeam.key}-${p.toTeam.key}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text fw={500}>{teamLabel(p.fromTeam)}</Text>
                    <IconArrowRight size={14} />
                    <Text fw={500}>{teamLabel(p.toTeam)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="xs"
                    value={d.goal}
                    onChange={(v) => set(p.id, { goal: v as Draft["goal"] })}
                    data={[
                      { value: "first_action", label: t("relaySettings.sla.first_action") },
                      { value: "accept", label: t("relaySettings.sla.accept") },
                    ]}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <NumberInput
                      w={90}
                      min={0}
                      max={720}
                      value={d.hours}
                      onChange={(v) => set(p.id, { hours: Number(v) || 0 })}
                      aria-label={t("relaySettings.sla.hours")}
                      suffix={t("relaySettings.sla.hoursSuffix")}
                      data-testid="sla-hours"
                    />
                    <NumberInput
                      w={90}
                      min={0}
                      max={59}
                      step={15}
                      value={d.minutes}
                      onChange={(v) => set(p.id, { minutes: Number(v) || 0 })}
                      aria-label={t("relaySettings.sla.minutes")}
                      suffix={t("relaySettings.sla.minutesSuffix")}
                    />
                    <Text size="xs" c="dimmed">
                      {t("relaySettings.sla.businessTime")}
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="sm">
        {t("relaySettings.sla.notRetroactive")}
      </Text>
      {save.isError && (
        <Alert color="red" mt="sm">
          {apiErrorText(save.error)}
        </Alert>
      )}
      <Group justify="flex-end" mt="md">
        <Button loading={save.isPending} onClick={() => save.mutate()} data-testid="sla-save">
          {t("common.save")}
        </Button>
      </Group>
    </Paper>
  );
}
