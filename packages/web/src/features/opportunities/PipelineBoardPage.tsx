import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Group,
  Menu,
  Paper,
  ScrollArea,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconArrowRight, IconDotsVertical, IconSearch, IconThumbDown, IconTrophy } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { OPPORTUNITY_STAGES } from "@tasuki/domain";
import { type DragEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { OpportunitiesQuery, Opportunity, Pipeline } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { daysFromToday, formatDate, formatYen } from "../../lib/format.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { CloseOpportunityModal } from "./CloseOpportunityModal.tsx";
import { OpportunitiesHeader, type OpportunityStage, useMoveOpportunity } from "./shared.tsx";

const COLUMN_LIMIT = 100;
const DRAG_TYPE = "application/x-tasuki-opportunity";

/** Open deals by stage. Cards move by drag and drop, or by their menu for keyboard users. */
export function PipelineBoardPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const mine = params.get("mine") === "1";
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const move = useMoveOpportunity();
  const [closing, setClosing] = useState<{ opportunity: Opportunity; outcome: "won" | "lost" } | null>(null);
  const [dropTarget, setDropTarget] = useState<OpportunityStage | null>(null);
  const [dragged, setDragged] = useState<Opportunity | null>(null);

  // パイプライン金額 and the column totals come from getPipeline (the one definition: open deals),
  // not from the cards loaded in a column (at most COLUMN_LIMIT of them).
  const pipelineQuery = mine ? { dealOwnerId: me.id } : {};
  const pipeline = useQuery({
    queryKey: keys.pipeline(pipelineQuery),
    queryFn: () => api.getPipeline(pipelineQuery),
  });

  const onDrop = (stage: OpportunityStage) => (event: DragEvent) => {
    event.preventDefault();
    setDropTarget(null);
    if (dragged && dragged.stage !== stage) move.mutate({ opportunity: dragged, stage });
    setDragged(null);
  };

  return (
    <>
      <OpportunitiesHeader view="board" />
      <Group mb="md" gap="md" wrap="wrap">
        <TextInput
          aria-label={t("opportunities.search")}
          placeholder={t("opportunities.searchPlaceholder")}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Switch
          label={t("opportunities.onlyMine")}
          checked={mine}
          onChange={(e) =>
            setParams(
              (p) => {
                if (e.currentTarget.checked) p.set("mine", "1");
                else p.delete("mine");
                return p;
              },
              { replace: true },
            )
          }
        />
      </Group>
      <Group gap="xs" mb="sm" data-testid="board-pipeline">
        <Text size="sm" c="dimmed">
          {t("opportunities.pipelineAmount")}
        </Text>
        {pipeline.data ? (
          <Anchor
            component={Link}
            to={mine ? `/opportunities/list?ownerId=${me.id}` : "/opportunities/list"}
            fw={700}
            data-testid="board-pipeline-amount"
          >
            {formatYen(pipeline.data.amount)}
          </Anchor>
        ) : (
          <Skeleton h={20} w={100} />
        )}
        {pipeline.data && (
          <Text size="sm" c="dimmed">
            {t("opportunities.pipelineDeals", { count: pipeline.data.count })}
          </Text>
        )}
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="flex-start" wrap="nowrap" gap="md" pb="sm" data-testid="pipeline-board">
          {OPPORTUNITY_STAGES.map((stage) => (
            <BoardColumn
              key={stage}
              stage={stage}
              query={{
                status: ["open"],
                stage: [stage],
                q: q || undefined,
                ownerId: mine ? me.id : undefined,
                sort: "expectedCloseDate",
                order: "asc",
                limit: COLUMN_LIMIT,
              }}
              summary={q ? undefined : pipeline.data?.stages.find((s) => s.stage === stage)}
              isDropTarget={dropTarget === stage}
              onDragOver={(event) => {
                if (!dragged) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
                setDropTarget(stage);
              }}
              onDragLeave={() => setDropTarget((s) => (s === stage ? null : s))}
              onDrop={onDrop(stage)}
              onDragStart={setDragged}
              onDragEnd={() => {
                setDragged(null);
                setDropTarget(null);
              }}
              onMove={(opportunity, to) => move.mutate({ opportunity, stage: to })}
              onClose={(opportunity, outcome) => setClosing({ opportunity, outcome })}
            />
          ))}
        </Group>
      </ScrollArea>
      <CloseOpportunityModal
        opportunity={closing?.opportunity ?? null}
        outcome={closing?.outcome ?? "lost"}
        onClose={() => setClosing(null)}
      />
    </>
  );
}

function BoardColumn({
  stage,
  query,
  summary,
  isDropTarget,
  onDragOver,
  onDragLeave,
  onDrop,
  onDragStart,
  onDragEnd,
  onMove,
  onClose,
}: {
  stage: OpportunityStage;
  query: OpportunitiesQuery;
  /** The column's share of the pipeline; absent while searching (then the cards shown are summed). */
  summary: Pipeline["stages"][number] | undefined;
  isDropTarget: boolean;
  onDragOver: (event: DragEvent) => void;
  onDragLeave: () => void;
  onDrop: (event: DragEvent) => void;
  onDragStart: (opportunity: Opportunity) => void;
  onDragEnd: () => void;
  onMove: (opportunity: Opportunity, stage: OpportunityStage) => void;
  onClose: (opportunity: Opportunity, outcome: "won" | "lost") => void;
}) {
  const { t } = useTranslation();
  const result = useQuery({
    queryKey: keys.opportunitiesList(query),
    queryFn: () => api.listOpportunities(query),
  });
  const items = result.data?.items ?? [];
  const more = result.data?.nextCursor ? "+" : "";
  const count = summary ? String(summary.count) : `${items.length}${more}`;
  const total = summary ? summary.amount : items.reduce((sum, o) => sum + o.amount, 0);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      w={300}
      miw={280}
      bg="var(--mantine-color-gray-1)"
      className="tasuki-board-column"
      data-drop-target={isDropTarget}
      data-testid={`board-column-${stage}`}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      component="section"
      aria-label={t(`opportunityStage.${stage}`)}
    >
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap={6}>
          <Text fw={700} size="sm">
            {t(`opportunityStage.${stage}`)}
          </Text>
          <Badge size="sm" variant="light" color="gray">
            {count}
          </Badge>
        </Group>
        <Text size="sm" fw={600} c="dimmed" data-testid={`board-column-amount-${stage}`}>
          {formatYen(total)}
        </Text>
      </Group>
      <Stack gap="xs" mih={120}>
        <QueryState
          query={result}
          loading={
            <>
              <Skeleton h={92} radius="md" />
              <Skeleton h={92} radius="md" />
            </>
          }
          isEmpty={() => items.length === 0}
          empty={
            <Text size="sm" c="dimmed" ta="center" py="lg">
              {t("opportunities.columnEmpty")}
            </Text>
          }
        >
          {() =>
            items.map((o) => (
              <OpportunityCard
                key={o.id}
                opportunity={o}
                onDragStart={() => onDragStart(o)}
                onDragEnd={onDragEnd}
                onMove={(to) => onMove(o, to)}
                onClose={(outcome) => onClose(o, outcome)}
              />
            ))
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}

function OpportunityCard({
  opportunity: o,
  onDragStart,
  onDragEnd,
  onMove,
  onClose,
}: {
  opportunity: Opportunity;
  onDragStart: () => void;
  onDragEnd: () => void;
  onMove: (stage: OpportunityStage) => void;
  onClose: (outcome: "won" | "lost") => void;
}) {
  const { t } = useTranslation();
  const canWrite = useCan("opportunities.write");
  const canClose = useCan("opportunities.close");
  const days = o.expectedCloseDate ? daysFromToday(o.expectedCloseDate) : null;
  const overdue = days !== null && days < 0;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      shadow="xs"
      draggable={canWrite}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, o.id);
        event.dataTransfer.effectAllowed = "move";
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      style={{ cursor: canWrite ? "grab" : undefined }}
      data-testid="opportunity-card"
      data-opportunity-id={o.id}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <Anchor
          component={Link}
          to={`/opportunities/${o.id}`}
          size="sm"
          fw={600}
          lh={1.35}
          style={{ minWidth: 0 }}
        >
          {o.name}
        </Anchor>
        {(canWrite || canClose) && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={t("opportunities.actionsFor", { name: o.name })}
                data-testid="opportunity-menu"
              >
                <IconDotsVertical size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {canWrite && (
                <>
                  <Menu.Label>{t("opportunities.moveTo")}</Menu.Label>
                  {OPPORTUNITY_STAGES.filter((s) => s !== o.stage).map((s) => (
                    <Menu.Item
                      key={s}
                      leftSection={<IconArrowRight size={14} />}
                      onClick={() => onMove(s)}
                      data-testid={`move-to-${s}`}
                    >
                      {t(`opportunityStage.${s}`)}
                    </Menu.Item>
                  ))}
                </>
              )}
              {canClose && (
                <>
                  <Menu.Divider />
                  <Menu.Item
                    leftSection={<IconTrophy size={14} />}
                    color="teal"
                    onClick={() => onClose("won")}
                    data-testid="mark-won"
                  >
                    {t("opportunities.markWon")}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconThumbDown size={14} />}
                    color="red"
                    onClick={() => onClose("lost")}
                    data-testid="mark-lost"
                  >
                    {t("opportunities.markLost")}
                  </Menu.Item>
                </>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Text size="xs" c="dimmed" mt={2} truncate>
        {o.company.name}
        {o.person ? `・${o.person.name}` : ""}
      </Text>
      <Group justify="space-between" mt={8} wrap="nowrap">
        <Text size="sm" fw={700}>
          {formatYen(o.amount)}
        </Text>
        <Box>
          {o.expectedCloseDate && (
            <Text size="xs" c={overdue ? "red" : "dimmed"} fw={overdue ? 600 : undefined}>
              {overdue ? t("opportunities.overdue") : ""}
              {formatDate(o.expectedCloseDate)}
            </Text>
          )}
        </Box>
      </Group>
      {o.owner && (
        <Text size="xs" c="dimmed" mt={2}>
          {t("opportunities.ownerShort", { name: o.owner.name })}
        </Text>
      )}
    </Paper>
  );
}
