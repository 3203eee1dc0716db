import { MantineProvider } from "@mantine/core";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ListPanel, PageQueryState, QueryState } from "./QueryState.tsx";

type Rows = { items: string[] };
const base = { error: null, refetch: () => undefined };
const pending = { ...base, isPending: true, isError: false, data: undefined };
const failed = { ...base, isPending: false, isError: true, error: new Error("boom"), data: undefined };
const loaded = (items: string[]) => ({ ...base, isPending: false, isError: false, data: { items } });

/** The markup of `node`, without the style sheet Mantine's provider writes first. */
function html(node: ReactNode): string {
  return renderToStaticMarkup(<MantineProvider>{node}</MantineProvider>).replace(
    /<style[^>]*>[\s\S]*?<\/style>/g,
    "",
  );
}

function list(query: Parameters<typeof QueryState<Rows>>[0]["query"], padded = false): string {
  return html(
    <QueryState
      query={query}
      padded={padded}
      loading={<i>loading</i>}
      isEmpty={(data) => data.items.length === 0}
      empty={<i>empty</i>}
    >
      {(data) => <b>{data.items.join(",")}</b>}
    </QueryState>,
  );
}

describe("QueryState", () => {
  it("shows the placeholder, then the failure, the empty state or the content", () => {
    expect(list(pending)).toBe("<i>loading</i>");
    expect(list(failed)).toContain('role="alert"');
    expect(list(failed)).not.toContain("loading");
    expect(list(loaded([]))).toBe("<i>empty</i>");
    expect(list(loaded(["a", "b"]))).toBe("<b>a,b</b>");
  });

  it("a failure wins over data kept from before", () => {
    const stale = { ...failed, data: { items: ["a"] } };
    expect(list(stale)).toContain('role="alert"');
    expect(list(stale)).not.toContain("<b>");
  });

  it("insets the placeholder and the failure only when padded", () => {
    expect(list(pending, true)).not.toBe("<i>loading</i>");
    expect(list(pending, true)).toContain("<i>loading</i>");
    expect(list(loaded(["a"]), true)).toBe("<b>a</b>");
  });

  it("draws the empty state from the data when given a function, and shows content without isEmpty", () => {
    const out = html(
      <QueryState
        query={loaded([])}
        loading={null}
        isEmpty={(d) => d.items.length === 0}
        empty={(d) => <i>{d.items.length} items</i>}
      >
        {() => <b>content</b>}
      </QueryState>,
    );
    expect(out).toBe("<i>0 items</i>");
    expect(
      html(
        <QueryState query={loaded([])} loading={null}>
          {() => <b>content</b>}
        </QueryState>,
      ),
    ).toBe("<b>content</b>");
  });

  it("ListPanel puts a list's states in its card and the table in a scroll area", () => {
    const panel = (query: Parameters<typeof QueryState<Rows>>[0]["query"]) =>
      html(
        <ListPanel query={query} isEmpty={(d: Rows) => d.items.length === 0} empty={<i>empty</i>}>
          {(data) => <b>{data.items.join(",")}</b>}
        </ListPanel>,
      );
    expect(panel(pending)).toContain('aria-busy="true"');
    expect(panel(loaded([]))).toContain("<i>empty</i>");
    expect(panel(loaded([]))).not.toContain("mantine-ScrollArea");
    expect(panel(loaded(["a"]))).toContain("mantine-ScrollArea");
    expect(panel(loaded(["a"]))).toContain("<b>a</b>");
  });
});

describe("PageQueryState", () => {
  const page = (query: Parameters<typeof QueryState<Rows>>[0]["query"], loading?: ReactNode) =>
    html(
      <MemoryRouter>
        <PageQueryState
          query={query}
          loading={loading}
          header={{ title: "人物", crumbs: [{ label: "一覧", to: "/people" }] }}
        >
          {(data) => <b>{data.items.join(",")}</b>}
        </PageQueryState>
      </MemoryRouter>,
    );

  it("shows the page placeholder (or the one given), then the record", () => {
    expect(page(pending)).toContain('aria-busy="true"');
    expect(page(pending, <i>person skeleton</i>)).toContain("<i>person skeleton</i>");
    expect(page(loaded(["a"]))).toBe("<b>a</b>");
  });

  it("a failure keeps the page header and its crumbs above the error and its retry", () => {
    const out = page(failed);
    expect(out).toContain("人物");
    expect(out).toContain('href="/people"');
    expect(out).toContain('role="alert"');
    expect(out.indexOf("人物")).toBeLessThan(out.indexOf('role="alert"'));
    expect(out).not.toContain("<b>");
  });
});
