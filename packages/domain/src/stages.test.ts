import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { assertTransition, canTransition, LIFECYCLE_STAGES, STAGE_TRANSITIONS } from "./stages.ts";

describe("lifecycle transitions", () => {
  it.each([
    ["lead", "mql", true],
    ["mql", "sal", true],
    ["sal", "sql", true],
    ["sql", "opportunity", true],
    ["opportunity", "won", true],
    ["opportunity", "lost", true],
    ["won", "customer", true],
    ["lost", "recycled", true],
    ["recycled", "mql", true],
    ["lead", "sql", false],
    ["lead", "won", false],
    ["mql", "lead", false],
    ["customer", "lead", false],
    ["won", "lost", false],
    ["disqualified", "mql", false],
  ] as const)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it("never allows staying in the same stage", () => {
    for (const stage of LIFECYCLE_STAGES) expect(canTransition(stage, stage)).toBe(false);
  });

  it("every stage can be reached from lead, and every stage has a way forward or back", () => {
    const reached = new Set<string>(["lead"]);
    const queue: string[] = ["lead"];
    while (queue.length) {
      const from = queue.shift() as keyof typeof STAGE_TRANSITIONS;
      for (const to of STAGE_TRANSITIONS[from]) {
        if (!reached.has(to)) {
          reached.add(to);
          queue.push(to);
        }
      }
    }
    expect([...reached].sort()).toEqual([...LIFECYCLE_STAGES].sort());
    for (const stage of LIFECYCLE_STAGES) expect(STAGE_TRANSITIONS[stage].length).toBeGreaterThan(0);
  });

  it("assertTransition throws a coded error naming from, to and the allowed targets", () => {
    const stage = fc.constantFrom(...LIFECYCLE_STAGES);
    fc.assert(
      fc.property(stage, stage, (from, to) => {
        if (canTransition(from, to)) {
          expect(() => assertTransition(from, to)).not.toThrow();
        } else {
          try {
            assertTransition(from, to);
            expect.unreachable();
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            const e = error as DomainError;
            expect(e.code).toBe("invalid_stage_transition");
            expect(e.params).toEqual({ from, to, allowed: STAGE_TRANSITIONS[from].join(", ") });
          }
        }
      }),
    );
  });
});
