import { Anchor, Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { TableSkeleton } from "../../components/states.tsx";
import { formatDate, formatDateTime, formatYen } from "../../lib/format.ts";
import { monthLabel, type PlanStageKey } from "./shared.ts";

/** The records behind one actual: which deals or people were counted, each linked to its page. */
export function RecordsModal({
  goalId,
  cell,
  onClose,
}: {
  goalId: string;
  cell: { stage: PlanStageKey; month: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const records = useInfiniteQuery({
    queryKey: keys.goalRecords(goalId, cell?.stage ?? "", cell?.month ?? ""),
    queryFn: ({ pageParam }) =>
      api.listGoalRecords(goalId, { stage: cell!.stage, month: cell!.month, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: cell !== null,
  });
  const items = records.data?.pages.flatMap((p) => p.items) ?? [];
  const total = records.data?.pages[0]?.total ?? 0;
  return (
    <Modal
      opened={cell !== null}
      onClose={onClose}
      size="xl"
      title={
        cell
          ? t("goals.records.title", {
              stage: t(`goals.stages.${cell.stage}`),
              month: monthLabel(cell.month, t),
            })
          : ""
      }
    >
      <QueryState query={records} loading={<TableSkeleton rows={5} />}>
        {() => (
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {cell?.stage === "won" ? t("goals.records.wonRule") : t("goals.records.stageRule")}
            </Text>
            <Text size="sm" fw={600} data-testid="goal-records-total">
              {t("goals.records.total", { count: total })}
            </Text>
            {items.length > 0 && (
              <Table verticalSpacing={6} fz="sm" data-testid="goal-records">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      {cell?.stage === "won" ? t("goals.records.deal") : t("goals.records.person")}
                    </Table.Th>
                    {cell?.stage === "won" && <Table.Th>{t("goals.records.person")}</Table.Th>}
                    <Table.Th>{t("goals.records.company")}</Table.Th>
                    <Table.Th>{t("goals.records.at")}</Table.Th>
                    {cell?.stage === "won" && <Table.Th ta="right">{t("goals.records.amount")}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={r.id}>
                      {r.kind === "opportunity" ? (
                        <>
                          <Table.Td>
                            <Anchor component={Link} to={`/opportunities/${r.id}`}>
                              {r.label ?? "—"}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>
                            {r.personId ? (
                              <Anchor component={Link} to={`/people/${r.personId}`} c="dimmed">
                                {r.personName}
                              </Anchor>
                            ) : (
                              "—"
                            )}
                          </Table.Td>
                        </>
                      ) : (
                        <Table.Td>
                          <Anchor component={Link} to={`/people/${r.personId ?? r.id}`}>
                            {r.personName ?? "—"}
                          </Anchor>
                        </Table.Td>
                      )}
                      <Table.Td>{r.companyName ?? "—"}</Table.Td>
                      <Table.Td>
                        {r.kind === "opportunity" ? formatDate(r.at) : formatDateTime(r.at)}
                      </Table.Td>
                      {r.kind === "opportunity" && (
                        <Table.Td ta="right" ff="monospace">
                          {formatYen(r.amount)}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {records.hasNextPage && (
              <Group justify="center">
                <Button
                  variant="default"
                  onClick={() => records.fetchNextPage()}
                  loading={records.isFetchingNextPage}
                >
                  {t("goals.records.more")}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}
