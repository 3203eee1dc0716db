import { createBrowserRouter } from "react-router";
import { AppLayout } from "./AppLayout.tsx";
import { features } from "./features.ts";
import { NotFound } from "./NotFound.tsx";
import { RequireAuth } from "./RequireAuth.tsx";

export const router = createBrowserRouter([
  ...features.flatMap((f) => f.publicRoutes ?? []),
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [...features.flatMap((f) => f.routes ?? []), { path: "*", element: <NotFound /> }],
  },
]);
