import {
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Menu,
  ScrollArea,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { AnalyticsFilterInput } from "@tasuki/contracts";
import { createContext, type ReactNode, useContext } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { AnalyticsRecord, AnalyticsRecordsQuery } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { TableSkeleton } from "../../components/states.tsx";
import { type CsvEncoding, downloadCsv } from "../../lib/csv.ts";
import { formatDateTime, formatYen } from "../../lib/format.ts";
import { formatCount } from "./format.ts";

/** One CSV cell as the export helper takes it. */
export type CsvCell = string | number | null | undefined;

/** What a clicked number stands for: a title and the cell's coordinates for listAnalyticsRecords. */
export interface DrillTarget {
  title: string;
  query: Omit<AnalyticsRecordsQuery, keyof AnalyticsFilterInput | "cursor" | "limit">;
}

const DrillContext = createContext<(target: DrillTarget) => void>(() => undefined);
export const DrillProvider = DrillContext.Provider;
/** Opens the records drawer for a target (charts use it; numbers use DrillNumber). */
export const useDrill = () => useContext(DrillContext);

/** A number that opens the records behind it. */
export function DrillNumber({
  children,
  target,
  testId,
  fw = 600,
}: {
  children: ReactNode;
  target: DrillTarget;
  testId?: string;
  fw?: number;
}) {
  const open = useContext(DrillContext);
  const { t } = useTranslation();
  return (
    <UnstyledButton
      onClick={() => open(target)}
      aria-label={`${target.title}: ${typeof children === "string" ? children : ""} — ${t("analytics.drill.open")}`}
      data-testid={testId}
      className="analytics-drill-number"
      style={{
        fontWeight: fw,
        color: "var(--mantine-color-ai-7, var(--mantine-color-blue-7))",
        fontVariantNumeric: "tabular-nums",
      }}
    >
      {children}
    </UnstyledButton>
  );
}

/** Exports a table as CSV, in UTF-8 (BOM) or Shift_JIS for older Excel. */
export function CsvMenu({ name, rows, testId }: { name: string; rows: () => CsvCell[][]; testId?: string }) {
  const { t } = useTranslation();
  const save = (encoding: CsvEncoding) => downloadCsv(`${name}.csv`, rows(), encoding);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconDownload size={14} />}
          data-testid={testId}
        >
          CSV
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => save("utf8_bom")} data-testid={testId ? `${testId}-utf8` : undefined}>
          {t("analytics.csv.utf8")}
        </Menu.Item>
        <Menu.Item onClick={() => save("shift_jis")} data-testid={testId ? `${testId}-sjis` : undefined}>
          {t("analytics.csv.sjis")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function recordLink(record: AnalyticsRecord): string | null {
  if (record.kind === "opportunity") return `/opportunities/${record.id}`;
  if (record.kind === "handoff") return `/handoffs/${record.id}`;
  return record.personId ? `/people/${record.personId}` : null;
}

/** The records behind the clicked number, newest first, paged, with CSV export. */
export function RecordsDrawer({
  target,
  filter,
  onClose,
  labelOf,
}: {
  target: DrillTarget | null;
  filter: AnalyticsFilterInput;
  onClose: () => void;
  /** Turns a record's label (stage, activity type, reason key) into words. */
  labelOf: (record: AnalyticsRecord) => string;
}) {
  const { t } = useTranslation();
  const query = { ...filter, ...(target?.query ?? { metric: "funnel_stage" as const }) };
  const records = useInfiniteQuery({
    queryKey: keys.analyticsRecords(query),
    queryFn: ({ pageParam }) => api.listAnalyticsRecords({ ...query, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: target !== null,
  });
  const items = records.data?.pages.flatMap((p) => p.items) ?? [];
  const total = records.data?.pages[0]?.total;
  const showDays = items.some((r) => r.businessDays !== null);
  const showAmount = items.some((r) => r.amount !== null);
  const csvRows = (): CsvCell[][] => [
    [
      t("analytics.drill.name"),
      t("analytics.drill.company"),
      t("analytics.drill.at"),
      t("analytics.drill.label"),
      t("analytics.drill.amount"),
      t("analytics.drill.days"),
    ],
    ...items.map((r) => [
      r.personName ?? r.label,
      r.companyName,
      formatDateTime(r.at),
      labelOf(r),
      r.amount,
      r.businessDays,
    ]),
  ];
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Stack gap={2}>
          <Text fw={700}>{target?.title}</Text>
          <Text size="sm" c="dimmed" data-testid="drill-total">
            {total === undefined
              ? t("common.loading")
              : t("analytics.drill.total", { count: total, formatted: formatCount(total) })}
          </Text>
        </Stack>
      }
      data-testid="drill-drawer"
    >
      <Group justify="flex-end" mb="xs">
        <CsvMenu name="records" rows={csvRows} testId="drill-csv" />
      </Group>
      <QueryState
        query={records}
        loading={<TableSkeleton rows={6} />}
        isEmpty={() => items.length === 0}
        empty={
          <Text c="dimmed" ta="center" py="xl">
            {t("analytics.drill.none")}
          </Text>
        }
      >
        {() => (
          <ScrollArea>
            <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="drill-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("analytics.drill.name")}</Table.Th>
                  <Table.Th>{t("analytics.drill.company")}</Table.Th>
                  <Table.Th>{t("analytics.drill.at")}</Table.Th>
                  <Table.Th>{t("analytics.drill.label")}</Table.Th>
                  {showAmount && <Table.Th ta="right">{t("analytics.drill.amount")}</Table.Th>}
                  {showDays && <Table.Th ta="right">{t("analytics.drill.days")}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => {
                  const to = recordLink(r);
                  const name =
                    r.kind === "opportunity" && r.label && !r.personName ? r.label : (r.personName ?? "—");
                  return (
                    <Table.Tr key={`${r.kind}-${r.id}`}>
                      <Table.Td>
                        {to ? (
                          <Anchor component={Link} to={to} size="sm">
                            {name}
                          </Anchor>
                        ) : (
                          name
                        )}
                      </Table.Td>
                      <Table.Td>{r.companyName ?? "—"}</Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(r.at)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color="gray" tt="none" radius="sm">
                          {labelOf(r)}
                        </Badge>
                      </Table.Td>
                      {showAmount && (
                        <Table.Td ta="right">{r.amount === null ? "—" : formatYen(r.amount)}</Table.Td>
                      )}
                      {showDays && <Table.Td ta="right">{r.businessDays ?? "—"}</Table.Td>}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {records.hasNextPage && (
              <Group justify="center" mt="sm">
                <Button
                  variant="light"
                  loading={records.isFetchingNextPage}
                  onClick={() => records.fetchNextPage()}
                >
                  {t("analytics.drill.more")}
                </Button>
              </Group>
            )}
          </ScrollArea>
        )}
      </QueryState>
    </Drawer>
  );
}
