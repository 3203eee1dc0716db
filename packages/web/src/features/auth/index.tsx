import type { Feature } from "../../app/feature.ts";
import { InvitationPage } from "./InvitationPage.tsx";
import { LoginPage } from "./LoginPage.tsx";

export const feature: Feature = {
  id: "auth",
  publicRoutes: [
    { path: "/login", element: <LoginPage /> },
    { path: "/invitation", element: <InvitationPage /> },
  ],
};
