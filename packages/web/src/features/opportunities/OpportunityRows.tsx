import { Anchor, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Opportunity } from "../../api/types.ts";
import { OpportunityStageBadge } from "../../components/badges.tsx";
import { formatDate, formatYen } from "../../lib/format.ts";

/**
 * Deals as compact rows (name, who and when, amount, stage or outcome), as a company page and a
 * person page list them. `showContact` adds the deal's contact and owner (a person page omits them:
 * the contact is the person).
 */
export function OpportunityRows({
  items,
  showContact = false,
}: {
  items: Opportunity[];
  showContact?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      {items.map((o) => {
        const meta = [
          showContact ? o.person?.name : null,
          showContact ? o.owner?.name : null,
          o.expectedCloseDate
            ? t("opportunities.expectedCloseOn", { date: formatDate(o.expectedCloseDate) })
            : null,
        ].filter(Boolean);
        return (
          <Group key={o.id} justify="space-between" wrap="nowrap" data-testid="opportunity-row">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm" fw={600} truncate>
                {o.name}
              </Anchor>
              {meta.length > 0 && (
                <Text size="xs" c="dimmed">
                  {meta.join("・")}
                </Text>
              )}
            </Stack>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" fw={600}>
                {formatYen(o.amount)}
              </Text>
              <OpportunityStageBadge stage={o.stage} outcome={o.outcome} />
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}
