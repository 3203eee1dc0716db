/**
 * A small word diff for definition versions: expressions and descriptions are a few hundred
 * characters, so an LCS over tokens is instant and needs no library. Latin words, numbers and
 * dotted names (`company.employees`) are one token; whitespace runs are one token; every other
 * character (kanji, kana, punctuation, operators) is its own token, so Japanese prose diffs by
 * character, which is how people read changes in it.
 */
export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

const TOKEN = /[A-Za-z0-9_.]+|\s+|./gsu;

export function tokenize(text: string): string[] {
  return Array.from(text.matchAll(TOKEN), (m) => m[0]);
}

/** Above this many LCS cells the middle is shown as replaced wholesale rather than diffed. */
const MAX_CELLS = 4_000_000;

export function diffTokens(before: readonly string[], after: readonly string[]): DiffPart[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    if (text) parts.push({ kind, text });
  };
  push("same", before.slice(0, start).join(""));
  const a = before.slice(start, endA);
  const b = after.slice(start, endB);
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    push("removed", a.join(""));
    push("added", b.join(""));
  } else {
    // lcs[i * (m + 1) + j] = length of the longest common subsequence of a[i..] and b[j..].
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          a[i] === b[j]
            ? lcs[(i + 1) * width + j + 1]! + 1
            : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    let removed = "";
    let added = "";
    const flush = () => {
      push("removed", removed);
      push("added", added);
      removed = "";
      added = "";
    };
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) {
        flush();
        push("same", a[i]!);
        i++;
        j++;
      } else if (j >= m || (i < n && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        removed += a[i]!;
        i++;
      } else {
        added += b[j]!;
        j++;
      }
    }
    flush();
  }
  push("same", before.slice(endA).join(""));
  return absorbSlivers(merge(parts));
}

/** Equalities this short between two changes are coincidences (a shared の or す), not structure. */
const SLIVER = 3;

/**
 * Folds short equal runs that sit between changes into the changes around them, so
 * `満たした時[点]で` against `展示会だけの接[点]は` reads as one replaced phrase instead of a
 * confetti of single characters (the same idea as diff-match-patch's semantic cleanup).
 */
function absorbSlivers(parts: DiffPart[]): DiffPart[] {
  let current = parts;
  for (;;) {
    let changed = false;
    const out: DiffPart[] = [];
    for (let i = 0; i < current.length; i++) {
      const part = current[i]!;
      const before = out[out.length - 1];
      const after = current[i + 1];
      if (
        part.kind === "same" &&
        part.text.trim().length > 0 &&
        Array.from(part.text).length <= SLIVER &&
        before &&
        before.kind !== "same" &&
        after &&
        after.kind !== "same"
      ) {
        // Collect the run of changes before it and re-emit: removed text then added text.
        const run: DiffPart[] = [];
        while (out.length > 0 && out[out.length - 1]!.kind !== "same") run.unshift(out.pop()!);
        let removed =
          run
            .filter((p) => p.kind === "removed")
            .map((p) => p.text)
            .join("") + part.text;
        let added =
          run
            .filter((p) => p.kind === "added")
            .map((p) => p.text)
            .join("") + part.text;
        let j = i + 1;
        while (j < current.length && current[j]!.kind !== "same") {
          if (current[j]!.kind === "removed") removed += current[j]!.text;
          else added += current[j]!.text;
          j++;
        }
        out.push({ kind: "removed", text: removed }, { kind: "added", text: added });
        i = j - 1;
        changed = true;
      } else {
        out.push(part);
      }
    }
    current = merge(out);
    if (!changed) return current;
  }
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last && last.kind === part.kind) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** Changes from `before` to `after`; joining the same and removed parts gives `before` back. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffTokens(tokenize(before), tokenize(after));
}

/** Whether a diff changed anything (an all-same diff is shown as "no change"). */
export function hasChanges(parts: readonly DiffPart[]): boolean {
  return parts.some((p) => p.kind !== "same");
}
