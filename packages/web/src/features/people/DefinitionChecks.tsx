import { Anchor, Group, Skeleton, Stack, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { IconCheck, IconMinus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { useDefinitionName } from "../definitions/shared.tsx";

/** 定義の判定: which definitions in force this person meets right now. */
export function DefinitionChecks({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const nameOf = useDefinitionName();
  const result = useQuery({
    queryKey: keys.personDefinitions(personId),
    queryFn: () => api.evaluatePersonDefinitions(personId),
  });
  return (
    <SectionCard
      title={t("people.definitionChecks")}
      testId="definition-checks"
      actions={
        <Anchor component={Link} to="/definitions" size="xs">
          {t("people.definitionChecksAll")}
        </Anchor>
      }
    >
      <QueryState
        query={result}
        loading={<Skeleton h={60} />}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState compact title={t("people.noDefinitionsInForce")} />}
      >
        {(data) => (
          <Stack gap={8}>
            {data.items.map((item) => (
              <Group
                key={item.definition.id}
                gap="sm"
                wrap="nowrap"
                data-testid="definition-check"
                data-satisfied={item.satisfied}
              >
                <ThemeIcon
                  size={22}
                  radius="xl"
                  color={item.satisfied ? "teal" : "gray"}
                  variant={item.satisfied ? "filled" : "light"}
                  aria-hidden
                >
                  {item.satisfied ? <IconCheck size={14} /> : <IconMinus size={14} />}
                </ThemeIcon>
                <Tooltip
                  label={<span className="tasuki-expression">{item.version.expression}</span>}
                  multiline
                  w={360}
                  withinPortal
                >
                  <Anchor component={Link} to={`/definitions/${item.definition.id}`} size="sm" fw={600}>
                    {nameOf(item.definition)}
                  </Anchor>
                </Tooltip>
                <Text size="xs" c="dimmed">
                  v{item.version.number}
                </Text>
                <Text size="sm" c={item.satisfied ? "teal.8" : "dimmed"} ml="auto">
                  {item.satisfied ? t("people.meets") : t("people.doesNotMeet")}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </QueryState>
    </SectionCard>
  );
}
