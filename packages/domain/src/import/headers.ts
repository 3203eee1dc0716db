/**
 * Column mapping for imports: which Tasuki field a source column fills. Automatic mapping reads
 * the usual Japanese and English headers; presets add what one tool's export calls its columns.
 */
export const IMPORT_FIELDS = [
  "person.id",
  "person.fullName",
  "person.familyName",
  "person.givenName",
  "person.fullNameKana",
  "person.familyNameKana",
  "person.givenNameKana",
  "person.email",
  "person.phone",
  "person.mobilePhone",
  "person.department",
  "person.title",
  "person.stage",
  "person.temperature",
  "person.consentStatus",
  "person.source",
  "person.owner",
  "person.team",
  "company.id",
  "company.name",
  "company.nameKana",
  "company.corporateNumber",
  "company.url",
  "company.phone",
  "company.postalCode",
  "company.prefecture",
  "company.address",
  "company.industry",
  "company.employees",
  "activity.cardExchangeDate",
  "campaign.name",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** A column read on purpose into nothing (a computed score, a timestamp of the source system). */
export type ColumnTarget = ImportField | "ignore";

/** What an import does with a value when the stored record already has one. */
export const COLUMN_POLICIES = ["overwrite", "fill_empty", "never"] as const;
export type ColumnPolicy = (typeof COLUMN_POLICIES)[number];

/**
 * The value an import writes under a policy, or `undefined` to leave the stored value alone.
 * An empty cell never erases a stored value.
 */
export function applyColumnPolicy(
  policy: ColumnPolicy,
  current: string | null | undefined,
  incoming: string | null | undefined,
): string | undefined {
  if (incoming == null || incoming.trim() === "" || policy === "never") return undefined;
  if (policy === "fill_empty" && current != null && current.trim() !== "") return undefined;
  return incoming === current ? undefined : incoming;
}

/** A header as compared: NFKC, lower-case, without spaces, brackets, dots, hyphens, underscores and colons. */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s()[\]{}<>「」【】・.,:_\-‐/]/g, "");
}

/** Headers each field is recognised by in any file (Japanese and English). */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  "person.id": ["人物ID", "person id", "contact id"],
  "person.fullName": ["氏名", "名前", "お名前", "担当者名", "full name", "name", "contact name"],
  "person.familyName": ["姓", "苗字", "名字", "last name", "lastname", "family name", "surname"],
  "person.givenName": ["名", "first name", "firstname", "given name"],
  "person.fullNameKana": [
    "フリガナ",
    "ふりがな",
    "氏名(カナ)",
    "氏名カナ",
    "氏名(フリガナ)",
    "よみがな",
    "カナ氏名",
  ],
  "person.familyNameKana": ["セイ", "姓(カナ)", "姓カナ", "姓(フリガナ)", "姓(よみ)", "family name (kana)"],
  "person.givenNameKana": ["メイ", "名(カナ)", "名カナ", "名(フリガナ)", "名(よみ)", "given name (kana)"],
  "person.email": ["メールアドレス", "メール", "e-mail", "email", "email address", "e-mailアドレス", "mail"],
  "person.phone": ["電話番号", "電話", "tel", "phone", "phone number", "直通電話", "tel直通"],
  "person.mobilePhone": ["携帯電話", "携帯電話番号", "携帯", "mobile", "mobile phone", "mobile phone number"],
  "person.department": ["部署", "部署名", "所属", "department"],
  "person.title": ["役職", "役職名", "肩書", "title", "job title"],
  "person.stage": ["ステージ", "ライフサイクルステージ", "stage", "lifecycle stage"],
  "person.temperature": ["温度感", "temperature"],
  "person.consentStatus": ["同意状況", "consent"],
  "person.source": ["流入元", "リードソース", "source", "lead source"],
  "person.owner": ["担当者", "所有者", "owner", "contact owner", "lead owner"],
  "person.team": ["チーム", "team"],
  "company.id": ["会社ID", "企業ID", "company id"],
  "company.name": [
    "会社名",
    "企業名",
    "会社",
    "企業",
    "法人名",
    "社名",
    "company",
    "company name",
    "account name",
  ],
  "company.nameKana": ["会社名フリガナ", "会社名(カナ)", "会社名カナ", "企業名(カナ)", "company name (kana)"],
  "company.corporateNumber": ["法人番号", "corporate number"],
  "company.url": [
    "url",
    "ホームページ",
    "ウェブサイト",
    "webサイト",
    "ドメイン",
    "website",
    "website url",
    "domain",
  ],
  "company.phone": ["会社電話番号", "代表電話番号", "代表電話", "tel会社", "company phone"],
  "company.postalCode": ["郵便番号", "〒", "postal code", "zip", "zip code"],
  "company.prefecture": ["都道府県", "prefecture", "state", "state/region"],
  "company.address": ["住所", "所在地", "会社住所", "address", "street address", "street"],
  "company.industry": ["業種", "industry"],
  "company.employees": ["従業員数", "従業員規模", "employees", "number of employees"],
  "activity.cardExchangeDate": ["名刺交換日", "交換日", "card exchange date"],
  "campaign.name": ["キャンペーン", "キャンペーン名", "展示会名", "イベント名", "campaign", "campaign name"],
};

const AUTOMATIC = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  for (const synonym of SYNONYMS[field]) AUTOMATIC.set(headerKey(synonym), field);
}

export interface ImportPreset {
  /** Header sets of the tool's exports (one per language where it has two), in its order: each maps completely. */
  headerSets: readonly (readonly string[])[];
  /** What the automatic mapping would read otherwise (or not at all). */
  overrides: Readonly<Record<string, ColumnTarget>>;
  /** True where the header set is our best reading of the tool's export, not checked against a real file. */
  verify: boolean;
}

export const IMPORT_PRESETS = [
  "auto",
  "sansan",
  "eight",
  "hubspot",
  "salesforce",
  "satori",
  "marketo",
  "tasuki",
] as const;
export type ImportPresetId = (typeof IMPORT_PRESETS)[number];

export const IMPORT_PRESET_DEFINITIONS: Record<Exclude<ImportPresetId, "auto">, ImportPreset> = {
  sansan: {
    headerSets: [
      [
        "名刺交換日",
        "会社名",
        "部署名",
        "役職",
        "姓",
        "名",
        "姓（カナ）",
        "名（カナ）",
        "E-mail",
        "郵便番号",
        "住所",
        "TEL",
        "FAX",
        "携帯電話",
        "URL",
        "名刺所有者",
        "登録日",
      ],
    ],
    overrides: { FAX: "ignore", 名刺所有者: "person.owner", 登録日: "ignore" },
    verify: true,
  },
  eight: {
    headerSets: [
      [
        "会社名",
        "部署名",
        "役職",
        "姓",
        "名",
        "e-mail",
        "郵便番号",
        "住所",
        "TEL会社",
        "TEL部門",
        "TEL直通",
        "Fax",
        "携帯電話",
        "URL",
        "名刺交換日",
      ],
    ],
    overrides: { TEL部門: "ignore", Fax: "ignore" },
    verify: true,
  },
  hubspot: {
    headerSets: [
      [
        "Record ID",
        "First Name",
        "Last Name",
        "Email",
        "Phone Number",
        "Mobile Phone Number",
        "Job Title",
        "Company Name",
        "Website URL",
        "Street Address",
        "City",
        "State/Region",
        "Postal Code",
        "Country/Region",
        "Lifecycle Stage",
        "Contact owner",
        "Create Date",
        "Last Activity Date",
      ],
    ],
    overrides: {
      "Record ID": "ignore",
      City: "ignore",
      "Country/Region": "ignore",
      "Create Date": "ignore",
      "Last Activity Date": "ignore",
    },
    verify: true,
  },
  salesforce: {
    headerSets: [
      [
        "Id",
        "LastName",
        "FirstName",
        "Salutation",
        "Company",
        "Title",
        "Street",
        "City",
        "State",
        "PostalCode",
        "Country",
        "Phone",
        "MobilePhone",
        "Email",
        "Website",
        "LeadSource",
        "Status",
        "OwnerId",
        "CreatedDate",
      ],
    ],
    overrides: {
      Id: "ignore",
      Salutation: "ignore",
      City: "ignore",
      Country: "ignore",
      Status: "ignore",
      OwnerId: "ignore",
      CreatedDate: "ignore",
    },
    verify: true,
  },
  satori: {
    headerSets: [
      [
        "メールアドレス",
        "姓",
        "名",
        "セイ",
        "メイ",
        "会社名",
        "部署",
        "役職",
        "電話番号",
        "携帯電話番号",
        "郵便番号",
        "都道府県",
        "住所",
        "URL",
        "流入元",
      ],
    ],
    overrides: {},
    verify: true,
  },
  marketo: {
    headerSets: [
      [
        "Id",
        "First Name",
        "Last Name",
        "Email Address",
        "Phone Number",
        "Mobile Phone Number",
        "Job Title",
        "Company Name",
        "Website",
        "Address",
        "City",
        "State",
        "Postal Code",
        "Country",
        "Lead Source",
        "Lead Status",
        "Created At",
      ],
    ],
    overrides: {
      Id: "ignore",
      City: "ignore",
      Country: "ignore",
      "Lead Status": "ignore",
      "Created At": "ignore",
    },
    verify: true,
  },
  tasuki: {
    // The headers a Tasuki people export writes in ja and en, read back for a round trip.
    headerSets: [
      [
        ...[
          "ID",
          "姓",
          "名",
          "セイ",
          "メイ",
          "メールアドレス",
          "電話番号",
          "会社ID",
          "会社名",
          "部署",
          "役職",
        ],
        ...["ステージ", "温度感", "同意状況", "流入元", "担当者", "チーム", "スコア"],
        ...["ステージ変更日時", "作成日時", "更新日時"],
      ],
      [
        ...["ID", "Family name", "Given name", "Family name (kana)", "Given name (kana)", "Email", "Phone"],
        ...["Company ID", "Company", "Department", "Title", "Stage", "Temperature", "Consent", "Source"],
        ...["Owner", "Team", "Score", "Stage changed at (JST)", "Created at (JST)", "Updated at (JST)"],
      ],
    ],
    overrides: {
      ID: "person.id",
      担当者: "person.owner",
      Company: "company.name",
      スコア: "ignore",
      Score: "ignore",
      ステージ変更日時: "ignore",
      作成日時: "ignore",
      更新日時: "ignore",
      "Stage changed at (JST)": "ignore",
      "Created at (JST)": "ignore",
      "Updated at (JST)": "ignore",
    },
    // The export helper's EXPORT_HEADERS.people is not merged yet: compare when it is.
    verify: true,
  },
};

export interface ColumnMapping {
  /** 0-based column index in the file. */
  column: number;
  header: string;
  /** null: nothing recognised the header; the person mapping the file chooses. */
  target: ColumnTarget | null;
}

/**
 * Maps each header to a field: the preset's own reading first, then the automatic one. A field
 * that two columns would fill goes to the first; later ones are left unmapped for a person to choose.
 */
export function mapHeaders(headers: readonly string[], preset: ImportPresetId = "auto"): ColumnMapping[] {
  const overrides = new Map<string, ColumnTarget>();
  if (preset !== "auto") {
    for (const [header, target] of Object.entries(IMPORT_PRESET_DEFINITIONS[preset].overrides))
      overrides.set(headerKey(header), target);
  }
  const taken = new Set<ImportField>();
  return headers.map((header, column) => {
    const key = headerKey(header);
    let target: ColumnTarget | null = overrides.get(key) ?? AUTOMATIC.get(key) ?? null;
    if (target && target !== "ignore") {
      if (taken.has(target)) target = null;
      else taken.add(target);
    }
    return { column, header, target };
  });
}
