import { Typography } from "@mantine/core";
import { useMemo } from "react";
import { renderMarkdown } from "../lib/markdown.ts";

/** User-written Markdown; safe because renderMarkdown never passes HTML through (see lib/markdown). */
export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return (
    <Typography fz="sm" className="tasuki-markdown">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: markdown-it with html:false escapes all HTML */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
