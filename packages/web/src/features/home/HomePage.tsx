import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatLongDate } from "../../lib/format.ts";
import { useCurrentUser } from "../auth/session.tsx";
import { CustomerSuccessHome } from "./CustomerSuccessHome.tsx";
import { FieldSalesHome } from "./FieldSalesHome.tsx";
import { InsideSalesHome } from "./InsideSalesHome.tsx";
import { ManagerHome } from "./ManagerHome.tsx";
import { MarketingHome } from "./MarketingHome.tsx";

/**
 * Each role's home (issue 20): what that part of the relay works from today. Every tile says what
 * it counts and opens the list with the same filter, so each number can be traced to its records.
 */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const dateLabel = formatLongDate(new Date(), i18n.language === "en" ? "en" : "ja");
  return (
    <>
      <PageHeader
        above={dateLabel}
        title={t("home.greeting", { name: me.name })}
        description={t(`home.roleIntro.${me.role}`)}
      />
      <div data-testid={`home-${me.role}`}>
        {me.role === "field_sales" ? (
          <FieldSalesHome me={me} />
        ) : me.role === "inside_sales" ? (
          <InsideSalesHome me={me} />
        ) : me.role === "customer_success" ? (
          <CustomerSuccessHome me={me} />
        ) : me.role === "marketing" ? (
          <MarketingHome me={me} />
        ) : (
          <ManagerHome />
        )}
      </div>
    </>
  );
}
