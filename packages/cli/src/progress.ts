import type { DemoProgress, DemoTable } from "@tasuki/server/tooling";
import cliProgress from "cli-progress";
import { type CliIo, print } from "./context.ts";

const TABLE_LABELS: Record<DemoTable, string> = {
  users: "ユーザー / users",
  campaigns: "施策 / campaigns",
  companies: "企業 / companies",
  people: "人物 / people",
  stage_changes: "ステージ履歴 / stage_changes",
  activities: "活動 / activities",
  opportunities: "商談 / opportunities",
  handoffs: "引き渡し / handoffs",
  relay_events: "引き渡しイベント / relay_events",
  notifications: "通知 / notifications",
};

const STEP_LABELS = {
  indexes: [
    "インデックスと外部キーを作成中… / Building indexes and foreign keys…",
    "インデックスと外部キーを作成しました / Indexes and foreign keys built",
  ],
  scores: ["スコアを計算中… / Scoring everyone…", "スコアを計算しました / Scores computed"],
  analyze: [
    "統計情報を更新中（ANALYZE）… / Updating statistics (ANALYZE)…",
    "統計情報を更新しました / Statistics updated",
  ],
} as const;

export interface ProgressView {
  update(progress: DemoProgress): void;
  stop(): void;
}

/**
 * One bar per table on a terminal; plain lines (one per finished table) when stderr is a file
 * or a pipe, so logs stay readable.
 */
export function createProgressView(io: CliIo): ProgressView {
  if (!io.stderr.isTTY) return plainView(io);
  const multibar = new cliProgress.MultiBar(
    {
      stream: io.stderr,
      format: " {label} |{bar}| {percentage}% {value}/{total}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      fps: 10,
      formatValue: (value, _options, type) =>
        type === "value" || type === "total" ? value.toLocaleString("en-US") : String(value),
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<DemoTable, cliProgress.SingleBar>();
  const width = Math.max(...Object.values(TABLE_LABELS).map((l) => l.length));
  return {
    update(progress) {
      if (progress.kind === "step") {
        multibar.log(`${STEP_LABELS[progress.step][progress.finished ? 1 : 0]}\n`);
        return;
      }
      const label = TABLE_LABELS[progress.table].padEnd(width);
      let bar = bars.get(progress.table);
      if (!bar) {
        bar = multibar.create(Math.max(progress.total, 1), 0, { label });
        bars.set(progress.table, bar);
      }
      bar.setTotal(Math.max(progress.total, 1));
      bar.update(progress.done, { label });
    },
    stop() {
      multibar.stop();
    },
  };
}

function plainView(io: CliIo): ProgressView {
  const started = performance.now();
  return {
    update(progress) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (progress.kind === "step")
        print(io.stderr, `[${seconds}s] ${STEP_LABELS[progress.step][progress.finished ? 1 : 0]}`);
      else if (progress.finished)
        print(
          io.stderr,
          `[${seconds}s] ${TABLE_LABELS[progress.table]}: ${progress.done.toLocaleString("en-US")}`,
        );
    },
    stop() {},
  };
}
