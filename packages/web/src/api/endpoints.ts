import { request } from "./client.ts";
import type {
  Activity,
  ApiToken,
  ChangePersonStageRequest,
  ChangePersonStageResponse,
  CloseOpportunityRequest,
  CompaniesQuery,
  Company,
  CreateActivityRequest,
  CreateApiTokenRequest,
  CreateApiTokenResponse,
  CreateCompanyRequest,
  CreateOpportunityRequest,
  CreatePersonRequest,
  CreateUserRequest,
  CurrentUser,
  LoginRequest,
  LoginResponse,
  LostReason,
  OpportunitiesQuery,
  Opportunity,
  Page,
  PeopleQuery,
  Person,
  SessionResponse,
  Team,
  TimelineEntry,
  UpdateCurrentUserRequest,
  UpdateOpportunityRequest,
  UpdatePersonRequest,
  UpdateUserRequest,
  User,
} from "./types.ts";

/** One function per API operation, named by its operationId. */
export const api = {
  login: (body: LoginRequest) => request<LoginResponse>("POST", "/auth/login", { body }),
  logout: () => request<null>("POST", "/auth/logout"),
  getSession: () => request<SessionResponse>("GET", "/auth/session"),
  getCurrentUser: () => request<CurrentUser>("GET", "/me"),
  updateCurrentUser: (body: UpdateCurrentUserRequest) => request<CurrentUser>("PATCH", "/me", { body }),

  listUsers: (includeInactive = false) =>
    request<{ items: User[] }>("GET", "/users", { query: { includeInactive: includeInactive || undefined } }),
  listTeams: () => request<{ items: Team[] }>("GET", "/teams"),
  createUser: (body: CreateUserRequest) => request<User>("POST", "/users", { body }),
  updateUser: (id: string, body: UpdateUserRequest) => request<User>("PATCH", `/users/${id}`, { body }),

  listApiTokens: () => request<{ items: ApiToken[] }>("GET", "/api-tokens"),
  createApiToken: (body: CreateApiTokenRequest) =>
    request<CreateApiTokenResponse>("POST", "/api-tokens", { body }),
  revokeApiToken: (id: string) => request<ApiToken>("DELETE", `/api-tokens/${id}`),

  listPeople: (query: PeopleQuery) => request<Page<Person>>("GET", "/people", { query }),
  getPerson: (id: string) => request<Person>("GET", `/people/${id}`),
  createPerson: (body: CreatePersonRequest) => request<Person>("POST", "/people", { body }),
  updatePerson: (id: string, body: UpdatePersonRequest) =>
    request<Person>("PATCH", `/people/${id}`, { body }),
  changePersonStage: (id: string, body: ChangePersonStageRequest) =>
    request<ChangePersonStageResponse>("POST", `/people/${id}/stage`, { body }),
  getPersonTimeline: (id: string, query: { cursor?: string; limit?: number }) =>
    request<Page<TimelineEntry>>("GET", `/people/${id}/timeline`, { query }),
  createActivity: (body: CreateActivityRequest) => request<Activity>("POST", "/activities", { body }),

  listCompanies: (query: CompaniesQuery) => request<Page<Company>>("GET", "/companies", { query }),
  getCompany: (id: string) => request<Company>("GET", `/companies/${id}`),
  createCompany: (body: CreateCompanyRequest) => request<Company>("POST", "/companies", { body }),

  listOpportunities: (query: OpportunitiesQuery) =>
    request<Page<Opportunity>>("GET", "/opportunities", { query }),
  getOpportunity: (id: string) => request<Opportunity>("GET", `/opportunities/${id}`),
  createOpportunity: (body: CreateOpportunityRequest) =>
    request<Opportunity>("POST", "/opportunities", { body }),
  updateOpportunity: (id: string, body: UpdateOpportunityRequest) =>
    request<Opportunity>("PATCH", `/opportunities/${id}`, { body }),
  closeOpportunity: (id: string, body: CloseOpportunityRequest) =>
    request<Opportunity>("POST", `/opportunities/${id}/close`, { body }),
  listLostReasons: () => request<{ items: LostReason[] }>("GET", "/lost-reasons"),
};

/** Query keys by area, so a write can invalidate exactly what it changed. */
export const keys = {
  session: ["session"] as const,
  users: (includeInactive = false) => ["users", { includeInactive }] as const,
  teams: ["teams"] as const,
  apiTokens: ["api-tokens"] as const,
  people: ["people"] as const,
  peopleList: (query: PeopleQuery) => ["people", "list", query] as const,
  person: (id: string) => ["people", "detail", id] as const,
  timeline: (id: string) => ["people", "timeline", id] as const,
  companies: ["companies"] as const,
  companiesList: (query: CompaniesQuery) => ["companies", "list", query] as const,
  company: (id: string) => ["companies", "detail", id] as const,
  opportunities: ["opportunities"] as const,
  opportunitiesList: (query: OpportunitiesQuery) => ["opportunities", "list", query] as const,
  opportunity: (id: string) => ["opportunities", "detail", id] as const,
  lostReasons: ["lost-reasons"] as const,
};
