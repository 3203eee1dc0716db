import type { CompanyResponse, CreateCompanyInput, UpdateCompanyInput } from "@tasuki/contracts";
import {
  canActOnOwned,
  DomainError,
  type EmployeeBand,
  formatPersonName,
  type Industry,
  isValidCorporateNumber,
  normalizeKana,
  type Prefecture,
  toHalfWidthDigits,
} from "@tasuki/domain";
import { recordAudit } from "../audit/audit.repository.ts";
import { advanceByDefinitions } from "../definitions/definitions.service.ts";
import { forbidden, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { lockPeopleOfCompany } from "../people/people.repository.ts";
import { rescoreAfterWrite } from "../scoring/scoring.service.ts";
import { assertUserExists } from "../users/users.service.ts";
import {
  type CompanyFilter,
  type CompanyView,
  findCompany,
  findCompanyView,
  insertCompany,
  listCompanyRows,
  updateCompanyRow,
} from "./companies.repository.ts";

/** Any of a company's fields: what create and update both normalise. */
type CompanyFields = Partial<CreateCompanyInput>;

export function toCompanyResponse(view: CompanyView): CompanyResponse {
  const c = view.company;
  return {
    id: c.id,
    name: c.name,
    nameKana: c.nameKana,
    corporateNumber: c.corporateNumber,
    industry: c.industry as Industry | null,
    employeeBand: c.employeeBand as EmployeeBand | null,
    prefecture: c.prefecture as Prefecture | null,
    domain: c.domain,
    address: c.address,
    owner: c.ownerId
      ? { id: c.ownerId, name: formatPersonName(view.ownerFamilyName ?? "", view.ownerGivenName) }
      : null,
    peopleCount: view.peopleCount,
    openOpportunityCount: view.openOpportunityCount,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

/** Normalises what people type: フリガナ to katakana, 法人番号 to 13 ASCII digits (checked). */
function normalizeCompanyInput(input: CompanyFields): CompanyFields {
  const out: CompanyFields = { ...input };
  if (input.nameKana) out.nameKana = normalizeKana(input.nameKana);
  if (input.corporateNumber) {
    const digits = toHalfWidthDigits(input.corporateNumber);
    if (!isValidCorporateNumber(digits))
      throw new DomainError("invalid_corporate_number", { value: input.corporateNumber });
    out.corporateNumber = digits;
  }
  if (input.corporateNumber === "") out.corporateNumber = null;
  // An emptied optional field is cleared, not stored as "".
  for (const key of ["nameKana", "address"] as const) if (input[key] === "") out[key] = null;
  return out;
}

export async function listCompanies(deps: Deps, filter: CompanyFilter) {
  const { rows, nextCursor } = await listCompanyRows(deps.db, filter);
  return { items: rows.map(toCompanyResponse), nextCursor };
}

export async function getCompany(deps: Deps, id: string): Promise<CompanyResponse> {
  const view = await findCompanyView(deps.db, id);
  if (!view) throw notFound("company");
  return toCompanyResponse(view);
}

export async function createCompany(
  deps: Deps,
  actor: Actor,
  input: CreateCompanyInput,
): Promise<CompanyResponse> {
  const values = normalizeCompanyInput(input);
  if (values.ownerId) await assertUserExists(deps, values.ownerId);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const row = await insertCompany(tx, { ...values, name: input.name, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, now, {
      action: "company.create",
      entityType: "company",
      entityId: row.id,
      after: row,
    });
    return row.id;
  });
  return getCompany(deps, id);
}

export async function updateCompany(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateCompanyInput,
): Promise<CompanyResponse> {
  const { version, ...fields } = input;
  const values = normalizeCompanyInput(fields);
  if (values.ownerId) await assertUserExists(deps, values.ownerId);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await findCompany(tx, id, true);
    if (!before) throw notFound("company");
    if (!canActOnOwned(actor, { ownerId: before.ownerId })) throw forbidden();
    const after = await updateCompanyRow(tx, id, version, { ...values, updatedAt: now });
    if (!after) throw versionConflict(before.version);
    await recordAudit(tx, actor, now, {
      action: "company.update",
      entityType: "company",
      entityId: id,
      before,
      after,
    });
    // Fit rules and definitions read the company (employees, industry, prefecture…): its people's
    // stored scores and explanations agree with what the company is now, and people it makes
    // meet a definition move on in this write, as after a person's own profile edit.
    const people = await lockPeopleOfCompany(tx, id);
    await rescoreAfterWrite(tx, people, now, "company");
    await advanceByDefinitions(tx, actor, people, now);
  });
  return getCompany(deps, id);
}
