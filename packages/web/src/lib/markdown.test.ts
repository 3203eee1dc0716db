import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.ts";

describe("renderMarkdown", () => {
  it("renders Markdown", () => {
    expect(renderMarkdown("**重要**: 来週 _再訪_")).toContain("<strong>重要</strong>");
  });

  it("shows HTML as text instead of running it", () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror="alert(1)">');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });

  it("drops javascript: links and opens others in a new tab safely", () => {
    expect(renderMarkdown("[x](javascript:alert(1))")).not.toContain("href=");
    const link = renderMarkdown("[資料](https://example.co.jp/a)");
    expect(link).toContain('href="https://example.co.jp/a"');
    expect(link).toContain('rel="noopener noreferrer nofollow"');
  });
});
