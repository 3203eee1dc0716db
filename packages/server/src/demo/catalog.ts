/**
 * The fictional vendor and the words its teams write: campaign names, call and meeting notes,
 * rejection and lost reasons. Everything a person reads in the demo comes from here.
 */
export const VENDOR = {
  name: "株式会社ツナグワークス",
  product: "ツナグ勤怠・経費",
  /** Reserved TLD (RFC 2606): demo data must never point at a real company's site or mailbox. */
  site: "https://www.tsunagu-works.example",
  staffDomain: "example.com",
} as const;

export const DEMO_PASSWORD = "tasuki-demo";

export const EXHIBITIONS = [
  { name: "HR EXPO", city: "東京ビッグサイト" },
  { name: "バックオフィスDXPO", city: "東京" },
  { name: "総務・人事・経理Week", city: "幕張メッセ" },
  { name: "会計・財務EXPO", city: "東京ビッグサイト" },
  { name: "HR EXPO 関西", city: "インテックス大阪" },
  { name: "中小企業DXフェア", city: "名古屋" },
  { name: "バックオフィスDXPO 福岡", city: "福岡" },
] as const;

export const WEBINAR_THEMES = [
  "経費精算DXウェビナー",
  "勤怠管理の法改正対応セミナー",
  "インボイス制度×経費精算 実務解説",
  "人事労務担当者のための36協定入門",
  "電子帳簿保存法 対応ポイント解説",
  "製造業の勤怠管理 シフト・変形労働時間制の実務",
  "建設業 2024年問題と勤怠管理",
  "紙とExcelから卒業する経費精算",
] as const;

export const CONTENT_THEMES = [
  "ホワイトペーパー『勤怠管理システム比較ガイド』",
  "ホワイトペーパー『経費精算ペーパーレス化チェックリスト』",
  "オウンドメディア記事強化（労務・経理）",
  "導入事例コンテンツ制作",
] as const;

export const AD_CHANNELS = [
  { name: "リスティング広告（Google）", cadence: "monthly" },
  { name: "リスティング広告（Yahoo!）", cadence: "monthly" },
  { name: "SNS広告（Facebook/LinkedIn）", cadence: "quarterly" },
  { name: "比較サイト掲載（ITreview/BOXIL）", cadence: "quarterly" },
] as const;

/** Pages of the vendor's site; pricing and case studies signal buying intent. */
export const PAGES = {
  research: [
    "/blog/36kyotei",
    "/blog/invoice-keihi",
    "/blog/dencho-ho",
    "/blog/kintai-excel",
    "/blog/yukyu-kanri",
  ],
  product: ["/features/kintai", "/features/keihi", "/features/shift", "/features/integrations", "/security"],
  intent: [
    "/pricing",
    "/case-studies",
    "/case-studies/manufacturing",
    "/case-studies/construction",
    "/contact",
  ],
} as const;

export const NEWSLETTER_SUBJECTS = [
  "【ツナグ通信】今月の法改正トピックと対応のポイント",
  "【ツナグ通信】経理担当者が月末に楽になる3つの工夫",
  "【ツナグ通信】導入事例：紙の勤怠表を3か月でゼロに",
  "【ツナグ通信】ウェビナーのご案内と過去アーカイブ",
  "【ツナグ通信】有給休暇管理、年5日取得の確認方法",
] as const;

export const DOCUMENTS = [
  "サービス紹介資料",
  "料金プラン資料",
  "導入事例集",
  "勤怠管理システム比較ガイド",
  "経費精算チェックリスト",
] as const;

/** What the buyer struggles with; IS and FS notes quote it. */
export const PAINS = [
  "勤怠の手集計（Excel）",
  "経費精算の紙・押印運用",
  "インボイス制度への対応",
  "36協定と残業時間の管理",
  "電子帳簿保存法への対応",
  "拠点ごとにバラバラの打刻ルール",
  "給与計算ソフトとの二重入力",
] as const;

export const INQUIRY_SUBJECTS = [
  "料金について問い合わせ",
  "導入時期と初期費用の確認",
  "デモのご依頼",
  "既存の給与ソフトとの連携可否",
  "複数拠点での利用について",
] as const;

/** Why inside sales sends an MQL back to nurture (recycled) or out (disqualified). */
export const REJECTION_REASONS = {
  recycled: [
    "検討時期が未定（半年以上先）",
    "情報収集段階のため",
    "予算が確保されていない",
    "連絡がつかない（3回架電・不在）",
    "担当者に決裁権がなく上長に繋がらない",
  ],
  disqualified: [
    "競合他社の社員",
    "学生・個人の利用",
    "既存顧客の重複登録",
    "対象外の業種・規模",
    "営業目的の問い合わせ",
  ],
} as const;

export const QUALIFICATION_DROPS = {
  recycled: [
    "BANT未充足: 予算化は来期以降",
    "導入時期が1年以上先",
    "現行システムの契約更新が来年",
    "決裁者との面談が設定できない",
  ],
  disqualified: ["要件が製品の対象外（10名未満の単一拠点）", "グループ本社で一括導入済み"],
} as const;

/** Lost-reason keys seeded by the migration, with how often deals are lost for each. */
export const LOST_REASON_WEIGHTS: Record<string, number> = {
  competitor: 26,
  price: 16,
  timing: 15,
  no_budget: 12,
  missing_features: 10,
  no_decision_maker: 8,
  no_response: 7,
  project_frozen: 4,
  other: 2,
};

export const LOST_NOTES: Record<string, readonly string[]> = {
  competitor: [
    "他社サービスに決定。給与ソフトとの一体型が評価された",
    "既存ベンダーのオプション追加で対応することに",
  ],
  price: ["見積額が予算を2割ほど超過", "ユーザー単価の比較で他社が安価"],
  timing: ["繁忙期のため導入は来期に再検討", "組織改編の後に改めて検討"],
  no_budget: ["今期の予算枠が確保できなかった", "IT投資の優先順位が下がった"],
  missing_features: ["シフト自動作成の要件を満たせない", "独自の承認フローに対応できない"],
  no_decision_maker: ["役員会で承認が得られなかった", "情報システム部門の合意が得られず"],
  no_response: ["提案後に連絡が途絶えた"],
  project_frozen: ["親会社の方針で全社プロジェクトが凍結"],
  other: ["先方担当者の退職により検討中止"],
};

export const PLANS = ["ツナグ勤怠", "ツナグ経費", "ツナグ勤怠＋経費セット"] as const;

/** First contract term in months by plan: 経費 starts with a half-year term, the others run a year. */
export const CONTRACT_MONTHS: Record<(typeof PLANS)[number], number> = {
  ツナグ勤怠: 12,
  ツナグ経費: 6,
  "ツナグ勤怠＋経費セット": 12,
};

/** Annual contract value range (yen) by employee band: the per-seat price times a typical seat count. */
export const AMOUNT_RANGES: Record<string, readonly [number, number]> = {
  "1-9": [600_000, 900_000],
  "10-49": [700_000, 1_800_000],
  "50-99": [1_200_000, 3_000_000],
  "100-299": [2_000_000, 5_000_000],
  "300-999": [3_500_000, 8_000_000],
  "1000-4999": [6_000_000, 12_000_000],
  "5000+": [8_000_000, 12_000_000],
};

/** Seats written into the opportunity name, by band. */
export const SEATS: Record<string, readonly [number, number]> = {
  "1-9": [5, 9],
  "10-49": [10, 49],
  "50-99": [50, 99],
  "100-299": [100, 299],
  "300-999": [300, 999],
  "1000-4999": [1000, 3000],
  "5000+": [5000, 8000],
};

/**
 * How often the receiving team sends a handoff back for each reason of the shared taxonomy
 * (keys seeded by the migration), per edge: inside sales mostly cannot reach people or finds
 * them only researching; field sales mostly finds no decision-maker or budget behind an SQL.
 */
export const HANDOFF_REJECTION_WEIGHTS: Record<"inside_sales" | "field_sales", Record<string, number>> = {
  inside_sales: {
    unreachable: 26,
    research_only: 30,
    no_budget: 12,
    not_decision_maker: 10,
    competitor_chosen: 6,
    bad_data: 6,
    duplicate: 4,
    out_of_scope: 6,
  },
  field_sales: { not_decision_maker: 35, no_budget: 30, research_only: 15, competitor_chosen: 20 },
};

/** What the rejecting rep writes in the comment, per reason key. */
export const HANDOFF_REJECTION_COMMENTS: Record<string, readonly string[]> = {
  unreachable: [
    "3回架電・メール2通とも反応なし。代表番号でも不在。",
    "架電5回不在。折り返し依頼の伝言を残したが連絡なし。",
    "メールアドレス不達。電話も繋がらず。",
  ],
  research_only: [
    "資料収集のみとのこと。導入時期は未定、半年後に再接触希望。",
    "比較記事の作成目的で情報収集中。検討予定なし。",
    "来期の検討材料として集めているだけとのこと。",
  ],
  no_budget: [
    "今期の予算枠がなく、来期予算申請後に再検討。",
    "予算化は来年度4月以降。稟議の時期に再度ご連絡。",
  ],
  not_decision_maker: [
    "担当者レベルで決裁権なし。上長との面談設定を断られた。",
    "情報システム部の一担当。人事部長に繋がる見込みが立たない。",
  ],
  competitor_chosen: [
    "先月他社サービスで契約済み。更新時期（2年後）に再接触。",
    "給与ソフト一体型の他社製品に決定済みとのこと。",
  ],
  bad_data: [
    "会社名と電話番号が一致しない。フォーム入力の誤りの可能性。",
    "部署・役職が空欄で担当者を特定できず。",
  ],
  duplicate: ["既存リードと同一人物（メールアドレス違い）。統合をお願いします。"],
  out_of_scope: [
    "学生の研究目的の問い合わせ。",
    "同業他社の社員による資料請求。",
    "個人事業主で対象規模外。",
  ],
};

/** The baton note inside sales writes when it hands an SQL to field sales. */
export const SQL_HANDOFF_NOTES: readonly string[] = [
  "BANT確認済み。決裁者（部長）同席でのデモを希望。",
  "予算確保済み、今期中の導入を検討。現行はExcel運用で月末の締め作業が負担。",
  "複数拠点の勤怠統合が課題。訪問でのヒアリングを希望。",
  "経費精算の電子化を急いでいる（インボイス対応）。見積もり提示まで進めたい。",
];
