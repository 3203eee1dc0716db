/** One explanation line as the API gives it. */
export interface Line {
  part: "fit" | "engagement";
  kind: "rule" | "activity" | "decay" | "cap";
  label: string;
  labelEn?: string | undefined;
  points: number;
  ageDays?: number;
}

/** Lines for the same activity rule folded into one: `+20 ページ閲覧 ×10（9〜34日前）`. */
export interface GroupedLine extends Line {
  count: number;
  /** Youngest and oldest age in days, for activity lines. */
  ages?: [number, number];
}

/**
 * Folds activity lines with the same label (ten page views) into one line with their sum, count
 * and age range, keeping the order of first appearance. The sum of points is unchanged, so the
 * lines still add up to the score.
 */
export function groupScoreLines(lines: readonly Line[]): GroupedLine[] {
  const out: GroupedLine[] = [];
  const byKey = new Map<string, GroupedLine>();
  for (const line of lines) {
    const key = line.kind === "activity" ? `${line.part}\u0000${line.label}` : null;
    const existing = key ? byKey.get(key) : undefined;
    if (existing) {
      existing.points += line.points;
      existing.count += 1;
      if (line.ageDays !== undefined && existing.ages) {
        existing.ages = [Math.min(existing.ages[0], line.ageDays), Math.max(existing.ages[1], line.ageDays)];
      }
      continue;
    }
    const grouped: GroupedLine = {
      ...line,
      count: 1,
      ...(line.ageDays !== undefined ? { ages: [line.ageDays, line.ageDays] as [number, number] } : {}),
    };
    out.push(grouped);
    if (key) byKey.set(key, grouped);
  }
  return out;
}
