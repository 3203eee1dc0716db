import MarkdownIt from "markdown-it";

/**
 * Notes are Markdown written by users, so raw HTML is off (it is shown as text) and
 * markdown-it's link validation drops javascript:/vbscript:/data: URLs: nothing a note
 * contains can run script in someone else's browser.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

const renderToken = markdown.renderer.renderToken.bind(markdown.renderer);
markdown.renderer.rules.link_open = (tokens, index, options) => {
  const token = tokens[index];
  token?.attrSet("target", "_blank");
  token?.attrSet("rel", "noopener noreferrer nofollow");
  return renderToken(tokens, index, options);
};

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
