import { Anchor, Badge, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowRight, IconBook2, IconPlus, IconRobot, IconUserCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { Definition } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyState } from "../../components/states.tsx";
import { VersionStatusBadge } from "../../components/versions.tsx";
import { useCan } from "../auth/session.tsx";
import { ExpressionBlock, shownVersion, useDefinitionName } from "./shared.tsx";

/** The glossary both sides read: what each word means in plain words and as the rule the system runs. */
export function DefinitionsListPage() {
  const { t } = useTranslation();
  const canWrite = useCan("definitions.write");
  const list = useQuery({ queryKey: keys.definitionsList, queryFn: api.listDefinitions });

  const createButton = canWrite && (
    <Button
      component={Link}
      to="/definitions/new"
      leftSection={<IconPlus size={16} />}
      data-testid="definition-create"
    >
      {t("definitions.create")}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t("definitions.title")}
        description={t("definitions.description")}
        actions={createButton}
      />
      <QueryState
        query={list}
        loading={
          <Stack gap="md" aria-busy="true" aria-label={t("common.loading")}>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={170} radius="md" />
            ))}
          </Stack>
        }
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Paper withBorder radius="md">
            <EmptyState
              icon={IconBook2}
              title={t("definitions.emptyTitle")}
              description={t("definitions.emptyBody")}
              action={createButton}
            />
          </Paper>
        }
      >
        {(data) => (
          <Stack gap="md" data-testid="definitions-list">
            {data.items.map((d) => (
              <GlossaryEntry key={d.id} definition={d} />
            ))}
          </Stack>
        )}
      </QueryState>
    </>
  );
}

function GlossaryEntry({ definition: d }: { definition: Definition }) {
  const { t } = useTranslation();
  const nameOf = useDefinitionName();
  const shown = shownVersion(d);
  const open = d.open;
  return (
    <Paper withBorder radius="md" p="lg" component="article" data-testid="glossary-entry" data-key={d.key}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm" mb="sm">
        <Stack gap={4}>
          <Group gap="sm" align="center">
            <Title order={2} size="h3">
              <Anchor
                component={Link}
                to={`/definitions/${d.id}`}
                c="inherit"
                underline="hover"
                fw={700}
                fz="inherit"
              >
                {nameOf(d)}
              </Anchor>
            </Title>
            <Text size="xs" c="dimmed" className="tasuki-expression">
              {d.key}
            </Text>
          </Group>
          <Group gap={6}>
            {d.current ? (
              <Badge variant="filled" color="teal" radius="sm" tt="none" size="sm">
                {t("definitions.inForce", { number: d.current.number })}
              </Badge>
            ) : (
              <Badge variant="outline" color="gray" radius="sm" tt="none" size="sm">
                {t("definitions.notInForce")}
              </Badge>
            )}
            {open && (
              <Group gap={4}>
                <Text size="xs" c="dimmed">
                  v{open.number}
                </Text>
                <VersionStatusBadge status={open.status} size="xs" />
              </Group>
            )}
          </Group>
        </Stack>
        <Button
          component={Link}
          to={`/definitions/${d.id}`}
          variant="subtle"
          size="xs"
          rightSection={<IconArrowRight size={14} />}
          aria-label={t("definitions.openNamed", { name: nameOf(d) })}
        >
          {t("definitions.details")}
        </Button>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Text size="xs" c="dimmed" fw={600} mb={4}>
            {t("definitions.inPlainWords")}
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }} lh={1.8}>
            {shown?.description ?? "—"}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Text size="xs" c="dimmed" fw={600} mb={4}>
            {t("definitions.asRule")}
          </Text>
          {shown ? <ExpressionBlock expression={shown.expression} /> : "—"}
        </Grid.Col>
      </Grid>
      <Group gap="lg" mt="md" wrap="wrap">
        <Group gap={6} wrap="nowrap">
          <IconUserCheck size={16} color="var(--mantine-color-gray-6)" aria-hidden />
          <Text size="sm" c="dimmed">
            {t("definitions.ownersLine", {
              marketing: d.marketingOwner?.name ?? t("common.unassigned"),
              sales: d.salesOwner?.name ?? t("common.unassigned"),
            })}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          <IconRobot size={16} color="var(--mantine-color-gray-6)" aria-hidden />
          {d.targetStage ? (
            <>
              <Text size="sm" c="dimmed">
                {d.autoAdvance ? t("definitions.autoMovesTo") : t("definitions.manualFor")}
              </Text>
              <StageBadge stage={d.targetStage} size="sm" />
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t("definitions.labelOnly")}
            </Text>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
