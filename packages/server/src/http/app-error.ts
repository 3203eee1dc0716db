import type { ErrorCode } from "@tasuki/contracts";

/** The one error type services throw for expected failures; the error handler renders it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly details: { path: string; message: string }[] | undefined;
  constructor(
    code: ErrorCode,
    params: Record<string, string | number> = {},
    details?: { path: string; message: string }[],
  ) {
    super(code);
    this.name = "AppError";
    this.code = code;
    this.params = params;
    this.details = details;
  }
}

export const notFound = (entity: string) => new AppError("not_found", { entity });
export const forbidden = () => new AppError("forbidden");
export const versionConflict = (current: number) => new AppError("version_conflict", { current });
