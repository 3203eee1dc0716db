/**
 * Splits `text` into plain and marked pieces for the ranges given as [start, end) offsets in
 * UTF-16 code units (what the rule checker reports). Overlapping ranges merge. A zero-width range
 * (a missing `)` at the end) marks the character there, or a placeholder space after the text,
 * so every error has something visible to underline.
 */
export interface Piece {
  text: string;
  marked: boolean;
}

export function highlightRanges(text: string, ranges: readonly { start: number; end: number }[]): Piece[] {
  const spans = ranges
    .map(({ start, end }) => {
      const s = Math.max(0, Math.min(start, text.length));
      const e = Math.max(s, Math.min(end, text.length));
      return e > s ? [s, e] : [s, s + 1];
    })
    .sort((a, b) => a[0]! - b[0]!);
  const merged: number[][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0]! <= last[1]!) last[1] = Math.max(last[1]!, span[1]!);
    else merged.push([...span]);
  }
  const padded = merged.some((span) => span[1]! > text.length) ? `${text} ` : text;
  const pieces: Piece[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start! > at) pieces.push({ text: padded.slice(at, start), marked: false });
    pieces.push({ text: padded.slice(start, end), marked: true });
    at = end!;
  }
  if (at < padded.length) pieces.push({ text: padded.slice(at), marked: false });
  return pieces;
}
