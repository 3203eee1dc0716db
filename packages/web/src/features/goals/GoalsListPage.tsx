import { Anchor, Badge, Button, Table } from "@mantine/core";
import { IconPlus, IconTargetArrow } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ListPanel } from "../../components/QueryState.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatDateTime, formatYen } from "../../lib/format.ts";
import { useCan } from "../auth/session.tsx";
import { monthLabel, periodLabel, scopeLabel } from "./shared.ts";

export function GoalsListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("goals.write");
  const goals = useQuery({ queryKey: keys.goals, queryFn: () => api.listGoals() });
  const items = goals.data?.items ?? [];
  const create = canWrite ? (
    <Button component={Link} to="/goals/new" leftSection={<IconPlus size={16} />}>
      {t("goals.new")}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title={t("nav.goals")} description={t("goals.description")} actions={create} />
      <ListPanel
        query={goals}
        isEmpty={() => items.length === 0}
        empty={
          <EmptyState
            icon={IconTargetArrow}
            title={t("goals.emptyTitle")}
            description={canWrite ? t("goals.emptyBodyWriter") : t("goals.emptyBodyReader")}
            action={create}
          />
        }
      >
        {() => (
          <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" miw={820}>
            <Table.Thead>
              <Table.Tr>
                {(["name", "period", "months", "scope", "total", "updated"] as const).map((c) => (
                  <Table.Th key={c} fz="xs" c="dimmed" fw={600} ta={c === "total" ? "right" : undefined}>
                    {t(`goals.columns.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((g) => (
                <Table.Tr key={g.id} className="tasuki-row-link" onClick={() => navigate(`/goals/${g.id}`)}>
                  <Table.Td fz="sm">
                    <Anchor
                      component={Link}
                      to={`/goals/${g.id}`}
                      fw={600}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {g.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td fz="sm">
                    <Badge variant="light" radius="sm">
                      {periodLabel(g, t)}
                    </Badge>
                  </Table.Td>
                  <Table.Td fz="sm" c="dimmed">
                    {g.months.length > 1
                      ? `${monthLabel(g.months[0] ?? "", t)} 〜 ${monthLabel(g.months[g.months.length - 1] ?? "", t)}`
                      : monthLabel(g.months[0] ?? "", t)}
                  </Table.Td>
                  <Table.Td fz="sm">{scopeLabel(g, t)}</Table.Td>
                  <Table.Td fz="sm" ta="right" ff="monospace">
                    {formatYen(g.totalTarget)}
                  </Table.Td>
                  <Table.Td fz="sm" c="dimmed">
                    {formatDateTime(g.updatedAt)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </ListPanel>
    </>
  );
}
