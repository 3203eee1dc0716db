import type { Icon } from "@tabler/icons-react";
import type { RouteObject } from "react-router";
import type { CurrentUser } from "../api/types.ts";

/**
 * One area of the app (people, companies, …). Each folder in src/features exports `feature`
 * from its index.ts; the router and the left navigation are built from them, so adding an
 * area is adding a folder.
 */
export interface Feature {
  id: string;
  /** Left-navigation entry; areas without one (auth) only contribute routes. */
  nav?: {
    /** i18n key of the label. */
    label: NavLabelKey;
    icon: Icon;
    path: string;
    /** Position in the navigation, small first. */
    order: number;
    /** Hide the entry from users who cannot use the area. */
    visible?: (user: CurrentUser) => boolean;
  };
  /** Routes inside the signed-in layout. */
  routes?: RouteObject[];
  /** Routes outside it (the login page). */
  publicRoutes?: RouteObject[];
}

export type NavLabelKey =
  `nav.${"home" | "analytics" | "people" | "companies" | "opportunities" | "goals" | "relay" | "definitions" | "scoring" | "settings"}`;
