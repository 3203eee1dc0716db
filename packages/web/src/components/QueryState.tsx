import { Box, Paper, ScrollArea, Skeleton, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type Crumb, PageHeader } from "./PageHeader.tsx";
import { ErrorState, TableSkeleton } from "./states.tsx";

/** What QueryState reads of a TanStack query result (plain or infinite). */
interface LoadedQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * The states of one loaded list or panel, in the order every screen shows them: the placeholder
 * while nothing has arrived, the failure with a retry, the empty state, else the content drawn
 * from the data. A failure wins over data kept from before, as TanStack Query reports it.
 */
export function QueryState<T>({
  query,
  loading,
  padded = false,
  isEmpty,
  empty,
  children,
}: {
  query: LoadedQuery<T>;
  /** Shown while the first answer is on its way (a skeleton shaped like the content). */
  loading: ReactNode;
  /** Inset the placeholder and the failure from the edges (for a table flush with its card). */
  padded?: boolean;
  /** Whether the answer holds nothing to show; `empty` is then shown instead of the content. */
  isEmpty?: (data: T) => boolean;
  /** What to show for an empty answer, or how to draw it from the answer. */
  empty?: ReactNode | ((data: T) => ReactNode);
  children: (data: T) => ReactNode;
}): ReactNode {
  if (query.isPending) return padded ? <Box p="md">{loading}</Box> : loading;
  if (query.isError) {
    const error = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
    return padded ? <Box p="md">{error}</Box> : error;
  }
  // A query that is neither pending nor failed holds its data; the check only tells the compiler.
  if (query.data === undefined) return loading;
  if (isEmpty?.(query.data)) return typeof empty === "function" ? empty(query.data) : empty;
  return children(query.data);
}

/**
 * A list page's table in its flush card: rows of grey bars while it loads, the failure or the
 * empty state inset in the card, else the table, scrolling sideways on a narrow screen.
 */
export function ListPanel<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: LoadedQuery<T>;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  children: (data: T) => ReactNode;
}): ReactNode {
  return (
    <Paper withBorder radius="md" p={0}>
      <QueryState query={query} padded loading={<TableSkeleton />} isEmpty={isEmpty} empty={empty}>
        {(data) => <ScrollArea type="auto">{children(data)}</ScrollArea>}
      </QueryState>
    </Paper>
  );
}

/** A detail page's placeholder: a title bar and a block where the record will appear. */
export function PageSkeleton({ height = 360 }: { height?: number }) {
  const { t } = useTranslation();
  return (
    <Stack aria-busy="true" aria-label={t("common.loading")}>
      <Skeleton h={32} w={320} />
      <Skeleton h={height} radius="md" />
    </Stack>
  );
}

/**
 * A detail page's one record (person, company, deal, definition, goal…): the page placeholder while
 * it loads; when it fails, the page header (so the user still knows where they are and can go back
 * by the crumbs) above the failure with a retry; else the page drawn from the record.
 */
export function PageQueryState<T>({
  query,
  header,
  loading,
  children,
}: {
  query: LoadedQuery<T>;
  /** The header shown above a failure: the page's generic title and its crumbs. */
  header?: { title: ReactNode; crumbs?: Crumb[] };
  /** The placeholder while loading; a title bar and a block by default. */
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}): ReactNode {
  if (query.isError && !query.isPending)
    return (
      <>
        {header && <PageHeader title={header.title} crumbs={header.crumbs} />}
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      </>
    );
  return (
    <QueryState query={query} loading={loading ?? <PageSkeleton />}>
      {children}
    </QueryState>
  );
}
