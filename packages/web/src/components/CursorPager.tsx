import { Button, Group, Select, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Previous / next over cursor pages. The API pages by keyset (fast on page 1,000 as on page 1),
 * so there is no total; we show which rows this page holds.
 */
export function CursorPager({
  pageIndex,
  pageSize,
  rowCount,
  hasNext,
  onPrevious,
  onNext,
  onPageSizeChange,
  loading,
}: {
  pageIndex: number;
  pageSize: number;
  rowCount: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSizeChange?: (size: number) => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  const from = rowCount === 0 ? 0 : pageIndex * pageSize + 1;
  const to = pageIndex * pageSize + rowCount;
  return (
    <Group justify="space-between" mt="sm" wrap="wrap" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {rowCount === 0 ? "" : t("pager.range", { from, to })}
      </Text>
      <Group gap="xs">
        {onPageSizeChange && (
          <Select
            aria-label={t("pager.pageSize")}
            size="xs"
            w={110}
            data={["25", "50", "100", "200"].map((v) => ({
              value: v,
              label: t("pager.perPage", { count: Number(v) }),
            }))}
            value={String(pageSize)}
            onChange={(v) => v && onPageSizeChange(Number(v))}
            allowDeselect={false}
          />
        )}
        <Button
          size="xs"
          variant="default"
          leftSection={<IconChevronLeft size={14} />}
          disabled={pageIndex === 0 || loading}
          onClick={onPrevious}
        >
          {t("pager.previous")}
        </Button>
        <Button
          size="xs"
          variant="default"
          rightSection={<IconChevronRight size={14} />}
          disabled={!hasNext || loading}
          onClick={onNext}
        >
          {t("pager.next")}
        </Button>
      </Group>
    </Group>
  );
}

/**
 * Cursor stack for one set of filters. A cursor only makes sense for the filters and sort it
 * came from, so when `filterKey` changes the stack starts over in the same render (an effect
 * would first send the old cursor with the new sort).
 */
export function useCursorPaging(filterKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: filterKey,
    cursors: [undefined],
  });
  const cursors = state.key === filterKey ? state.cursors : [undefined];
  const pageIndex = cursors.length - 1;
  return {
    pageIndex,
    cursor: cursors[pageIndex],
    next: (cursor: string) => setState({ key: filterKey, cursors: [...cursors, cursor] }),
    previous: () =>
      setState({ key: filterKey, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
  };
}
