/**
 * HTTP workloads on loopback with autocannon: activity ingest (batches of 100 and single events),
 * the no-op ceiling, and the mixed API load at fixed request rates.
 */
import { type ActivityType, type Industry, LIFECYCLE_STAGES } from "@tasuki/domain";
import autocannon from "autocannon";
import type { BenchServer } from "./server.ts";

export interface LoadResult {
  /** Requests per second the server answered (2xx and errors alike). */
  requestsPerSecond: number;
  /** Events per second for ingest (items written), else equal to requestsPerSecond. */
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers, connection errors and timeouts. */
  errors: number;
  /** Asked-for rate (fixed-rate runs), null for "as fast as it goes". */
  targetRate: number | null;
  peakRssMb: number | null;
}

type Request = autocannon.Request;

/** How long a workload runs: for some seconds, or until a number of requests have been answered. */
export type Span = { seconds: number } | { requests: number };

interface RunOptions {
  server: BenchServer;
  span: Span;
  connections: number;
  rate?: number;
  itemsPerRequest?: number;
  requests: Request[];
}

export async function runLoad(options: RunOptions): Promise<LoadResult> {
  const { server, span, connections, rate } = options;
  const { result, peakRssMb } = await server.measure(
    () =>
      autocannon({
        url: server.base,
        connections: "requests" in span ? Math.min(connections, span.requests) : connections,
        ...("seconds" in span ? { duration: span.seconds } : { amount: span.requests }),
        ...(rate ? { overallRate: rate } : {}),
        timeout: 30,
        headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
        requests: options.requests,
      }) as Promise<autocannon.Result>,
  );
  await server.drained();
  const answered = result.requests.total;
  const perSecond = answered / Math.max(result.duration, 1e-3);
  const errors = result.non2xx + result.errors + result.timeouts;
  return {
    requestsPerSecond: Math.round(perSecond),
    eventsPerSecond: Math.round(
      ((answered - result.non2xx) * (options.itemsPerRequest ?? 1)) / result.duration,
    ),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
    errors,
    targetRate: rate ?? null,
    peakRssMb,
  };
}

export interface PersonRef {
  id: string;
  version: number;
}

/** A pool of people to aim requests at (and, for updates, each used once so its version is known). */
export async function fetchPeople(server: BenchServer, wanted: number): Promise<PersonRef[]> {
  const people: PersonRef[] = [];
  let cursor: string | null = null;
  while (people.length < wanted) {
    const url = new URL("/api/v1/people", server.base);
    url.searchParams.set("limit", "200");
    url.searchParams.set("sort", "updatedAt");
    if (cursor) url.searchParams.set("cursor", cursor);
    const response = await fetch(url, { headers: { authorization: `Bearer ${server.token}` } });
    if (!response.ok) throw new Error(`listPeople ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { items: PersonRef[]; nextCursor: string | null };
    people.push(...page.items.map((p) => ({ id: p.id, version: p.version })));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return people;
}

const ACTIVITY_TYPES = [
  "page_view",
  "email_open",
  "email_click",
  "document_request",
  "webinar",
] satisfies ActivityType[];

function activity(person: PersonRef, i: number) {
  return {
    personId: person.id,
    type: ACTIVITY_TYPES[i % ACTIVITY_TYPES.length],
    source: "bench",
    metadata: { url: `https://example.com/bench/${i % 50}` },
  };
}

export function ingestBatch(server: BenchServer, people: PersonRef[], span: Span, connections = 8) {
  let n = 0;
  return runLoad({
    server,
    span,
    connections,
    itemsPerRequest: 100,
    requests: [
      {
        method: "POST",
        path: "/api/v1/activities/batch",
        setupRequest: (req) => {
          const items = [];
          for (let k = 0; k < 100; k++, n++) items.push(activity(people[n % people.length]!, n));
          return { ...req, body: JSON.stringify({ items }) };
        },
      },
    ],
  });
}

export function ingestSingle(server: BenchServer, people: PersonRef[], span: Span, rate: number) {
  let n = 0;
  return runLoad({
    server,
    span,
    connections: 50,
    rate,
    requests: [
      {
        method: "POST",
        path: "/api/v1/activities",
        setupRequest: (req) => {
          n++;
          return { ...req, body: JSON.stringify(activity(people[n % people.length]!, n)) };
        },
      },
    ],
  });
}

/** The ceiling: a route that does nothing, as fast as it goes or at a fixed rate. */
export function hello(server: BenchServer, span: Span, rate?: number) {
  return runLoad({
    server,
    span,
    connections: rate ? 50 : 20,
    rate,
    requests: [{ method: "GET", path: "/bench/hello" }],
  });
}

const STAGES = LIFECYCLE_STAGES.slice(0, 4);
const INDUSTRIES = [
  "manufacturing",
  "it_software",
  "information_communication",
  "wholesale_retail",
] satisfies Industry[];

/**
 * listPeople with filters, getPerson, getPersonTimeline, updatePerson and createActivity in equal
 * parts. Each update takes a person nobody has updated in this run, so its version is current.
 */
export function mixed(
  server: BenchServer,
  people: PersonRef[],
  updates: PersonRef[],
  span: Span,
  rate: number,
) {
  let n = 0;
  const pick = () => people[n++ % people.length]!;
  const departments = ["営業部", "経営企画部", "人事部", "情報システム部"];
  return runLoad({
    server,
    span,
    connections: Math.min(100, Math.max(10, Math.round(rate / 10))),
    rate,
    requests: [
      {
        method: "GET",
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/people?stage=${STAGES[n % 4]}&industry=${INDUSTRIES[n++ % 4]}&sort=updatedAt&limit=50`,
        }),
      },
      { method: "GET", setupRequest: (req) => ({ ...req, path: `/api/v1/people/${pick().id}` }) },
      { method: "GET", setupRequest: (req) => ({ ...req, path: `/api/v1/people/${pick().id}/timeline` }) },
      {
        method: "PATCH",
        setupRequest: (req) => {
          const person = updates.pop() ?? pick();
          return {
            ...req,
            path: `/api/v1/people/${person.id}`,
            body: JSON.stringify({ version: person.version, department: departments[n % 4] }),
          };
        },
      },
      {
        method: "POST",
        setupRequest: (req) => ({
          ...req,
          path: "/api/v1/activities",
          body: JSON.stringify(activity(pick(), n)),
        }),
      },
    ],
  });
}
