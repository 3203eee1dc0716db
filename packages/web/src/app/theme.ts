import { createTheme, type MantineColorsTuple } from "@mantine/core";

/** 藍 (indigo) for the product, 朱 (vermilion) for the sash in the logo. */
const ai: MantineColorsTuple = [
  "#eef2ff",
  "#dfe5fb",
  "#bcc8f2",
  "#97a9ea",
  "#778fe3",
  "#627edf",
  "#5675de",
  "#4764c5",
  "#3d59b1",
  "#2f4c9d",
];

/** The UI font stack; charts measure and draw text with it too. */
export const japaneseSans =
  '"Noto Sans JP", "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI", Meiryo, system-ui, -apple-system, "Segoe UI", sans-serif';

export const theme = createTheme({
  primaryColor: "ai",
  colors: { ai },
  primaryShade: 8,
  fontFamily: japaneseSans,
  headings: { fontFamily: japaneseSans, fontWeight: "700" },
  defaultRadius: "md",
  focusRing: "auto",
  cursorType: "pointer",
});
