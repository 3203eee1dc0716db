import { type ApiSession, api } from "./api.ts";

/**
 * A small but realistic relay, created through the API (used while no `demo` command exists):
 * companies, people at every stage with フリガナ, activities, and open deals for field sales.
 */
interface Id {
  id: string;
}
interface PersonRef extends Id {
  version: number;
  stage: string;
}

const COMPANIES: [string, string, string, string, string][] = [
  ["株式会社さくら精機", "サクラセイキ", "manufacturing", "100-299", "愛知県"],
  ["青葉ソフトウェア株式会社", "アオバソフトウェア", "it_software", "50-99", "宮城県"],
  ["株式会社みなと物流", "ミナトブツリュウ", "logistics", "300-999", "神奈川県"],
  ["ひかり信用金庫", "ヒカリシンヨウキンコ", "finance_insurance", "300-999", "東京都"],
  ["株式会社東雲建設", "シノノメケンセツ", "construction", "1000-4999", "東京都"],
  ["株式会社つばさメディカル", "ツバサメディカル", "healthcare", "100-299", "大阪府"],
  ["株式会社ことのは教育", "コトノハキョウイク", "education", "10-49", "京都府"],
  ["株式会社やまびこ商事", "ヤマビコショウジ", "wholesale_retail", "50-99", "福岡県"],
  ["北辰通信株式会社", "ホクシンツウシン", "information_communication", "1000-4999", "北海道"],
  ["株式会社いろは不動産", "イロハフドウサン", "real_estate", "10-49", "東京都"],
  ["株式会社あかつき食品", "アカツキショクヒン", "manufacturing", "300-999", "静岡県"],
  ["株式会社かえで会計事務所", "カエデカイケイジムショ", "professional_services", "10-49", "埼玉県"],
];

const FAMILY: [string, string][] = [
  ["佐藤", "サトウ"],
  ["鈴木", "スズキ"],
  ["高橋", "タカハシ"],
  ["田中", "タナカ"],
  ["伊藤", "イトウ"],
  ["渡辺", "ワタナベ"],
  ["山本", "ヤマモト"],
  ["中村", "ナカムラ"],
  ["小林", "コバヤシ"],
  ["加藤", "カトウ"],
  ["吉田", "ヨシダ"],
  ["山田", "ヤマダ"],
  ["松本", "マツモト"],
  ["井上", "イノウエ"],
  ["木村", "キムラ"],
  ["林", "ハヤシ"],
];
const GIVEN: [string, string][] = [
  ["太郎", "タロウ"],
  ["花子", "ハナコ"],
  ["健一", "ケンイチ"],
  ["美咲", "ミサキ"],
  ["大輔", "ダイスケ"],
  ["由美", "ユミ"],
  ["翔太", "ショウタ"],
  ["彩", "アヤ"],
  ["誠", "マコト"],
  ["陽子", "ヨウコ"],
  ["拓也", "タクヤ"],
];
const TITLES: [string, string][] = [
  ["営業企画部", "部長"],
  ["情報システム部", "課長"],
  ["経営企画室", "室長"],
  ["総務部", "主任"],
  ["マーケティング部", "マネージャー"],
  ["DX推進室", "担当"],
];
const PATH: string[] = ["mql", "sal", "sql", "opportunity"];
const REASONS: Record<string, string> = {
  mql: "スコアが MQL 定義（v1）の基準を超えたため",
  sal: "IS が架電し、課題と導入時期を確認",
  sql: "予算と決裁者を確認、FS に引き渡し",
  opportunity: "初回訪問で提案機会を合意",
};

export interface SeedResult {
  people: number;
  opportunities: number;
}

/** `admin` creates everything; deals and some people are owned by field sales (`fieldSalesId`). */
export async function seedThroughApi(
  admin: ApiSession,
  users: { fieldSalesId: string; insideSalesId: string; marketingId: string },
): Promise<SeedResult> {
  const teams = (await api<{ items: { id: string; key: string }[] }>(admin, "GET", "/teams")).items;
  const teamOf = (key: string) => teams.find((t) => t.key === key)?.id ?? null;
  const companies: Id[] = [];
  for (const [name, nameKana, industry, employeeBand, prefecture] of COMPANIES) {
    companies.push(
      await api<Id>(admin, "POST", "/companies", { name, nameKana, industry, employeeBand, prefecture }),
    );
  }
  const people: { person: PersonRef; company: Id; index: number }[] = [];
  let index = 0;
  for (const [c, company] of companies.entries()) {
    for (let k = 0; k < 5; k++, index++) {
      const [familyName, familyNameKana] = FAMILY[(index * 7) % FAMILY.length]!;
      const [givenName, givenNameKana] = GIVEN[(index * 5 + c) % GIVEN.length]!;
      const [department, title] = TITLES[index % TITLES.length]!;
      const stageDepth = [0, 1, 2, 3, 4, 1, 2, 0, 3, 1][index % 10]!;
      const owner =
        stageDepth >= 3 ? users.fieldSalesId : stageDepth >= 1 ? users.insideSalesId : users.marketingId;
      const person = await api<PersonRef>(admin, "POST", "/people", {
        familyName,
        givenName,
        familyNameKana,
        givenNameKana,
        email: `contact${index}@${["sakura", "aoba", "minato", "hikari", "shinonome", "tsubasa", "kotonoha", "yamabiko", "hokushin", "iroha", "akatsuki", "kaede"][c]}.example.jp`,
        phone: `03-${String(5000 + index).padStart(4, "0")}-${String(1000 + index * 7).slice(-4)}`,
        department,
        title,
        companyId: company.id,
        ownerId: owner,
        teamId: teamOf(
          owner === users.fieldSalesId
            ? "field_sales"
            : owner === users.insideSalesId
              ? "inside_sales"
              : "marketing",
        ),
        temperature: (["hot", "warm", "cold", null] as const)[index % 4],
        consentStatus: index % 3 === 0 ? "opted_in" : "unknown",
        source: ["展示会", "Webフォーム", "ウェビナー", "紹介", "名刺管理"][index % 5],
      });
      let current = person;
      for (const to of PATH.slice(0, Math.min(stageDepth, 3))) {
        const moved = await api<{ person: PersonRef }>(admin, "POST", `/people/${current.id}/stage`, {
          to,
          reason: REASONS[to],
          version: current.version,
        });
        current = moved.person;
      }
      people.push({ person: current, company, index });
    }
  }

  const day = 86_400_000;
  const now = Date.now();
  const activities = people.flatMap(({ person, index }) => [
    {
      personId: person.id,
      type: (["business_card_exchange", "document_request", "inquiry", "webinar"] as const)[index % 4],
      occurredAt: new Date(now - (30 + index) * day).toISOString(),
      source: ["展示会", "Webフォーム", "問い合わせフォーム", "ウェビナー"][index % 4],
      subject: [
        "DX EXPO 2026 ブース",
        "導入事例集ダウンロード",
        "料金に関するお問い合わせ",
        "営業とマーケの連携ウェビナー",
      ][index % 4],
    },
    {
      personId: person.id,
      type: "page_view" as const,
      occurredAt: new Date(now - (10 + (index % 9)) * day).toISOString(),
      source: "web",
      metadata: { url: "https://tasuki.example.jp/pricing" },
    },
    ...(index % 3 === 0
      ? [
          {
            personId: person.id,
            type: "call" as const,
            occurredAt: new Date(now - (3 + (index % 5)) * day).toISOString(),
            subject: "初回ヒアリング",
            body: "- 現在は Excel でリードを管理\n- **来期予算**で検討中、決裁者は営業本部長",
          },
        ]
      : []),
  ]);
  await api(admin, "POST", "/activities/batch", { items: activities });

  // Deals for the SQL-and-beyond people; field sales owns them so the journeys can move them.
  // Every other SQL gets a deal; the rest wait at SQL for field sales to qualify them.
  const dealPeople = people.filter(({ person }) => person.stage === "sql").filter((_, i) => i % 3 !== 2);
  const stages = ["discovery", "proposal", "negotiation", "contracting", "discovery", "proposal"] as const;
  let opportunities = 0;
  for (const [i, { person, company }] of dealPeople.entries()) {
    const closeIn = [-3, 2, 6, 14, 30, 45, 60, 21][i % 8]!;
    await api(admin, "POST", "/opportunities", {
      name: `${["営業支援ツール導入", "MA連携プロジェクト", "インサイドセールス立ち上げ支援", "全社CRM刷新"][i % 4]}（${i + 1}）`,
      companyId: company.id,
      personId: person.id,
      ownerId: users.fieldSalesId,
      amount: [1_200_000, 3_600_000, 800_000, 12_000_000, 2_400_000, 5_500_000][i % 6],
      stage: stages[i % stages.length],
      expectedCloseDate: new Date(now + closeIn * day + 9 * 3_600_000).toISOString().slice(0, 10),
    });
    opportunities++;
  }
  return { people: people.length, opportunities };
}
