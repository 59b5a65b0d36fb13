import { RULES } from "./rules";
import type { PlanDocument } from "../plan";
import type { Violation } from "./types";

/** What `berth check` prints: findings that fail it on stdout, warnings on stderr. */
export interface CheckReport {
    /** The mandatory violations, each naming its resource, the excepted findings, and the summary. */
    body: string;
    /** Advisory violations, one `warning:` line each. */
    warnings: string;
    /** One line for stderr when the check fails, empty when it passes. */
    failure: string;
    passed: boolean;
}

const line = (violation: Violation) => `${violation.type} ${violation.name}: ${violation.message}`;

const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** The report of a plan whose document carries its violations (planStack adds them). */
export function renderCheck(plan: PlanDocument): CheckReport {
    const violations = plan.violations ?? [];
    const active = violations.filter((violation) => violation.exception === undefined);
    const mandatory = active.filter((violation) => violation.severity === "mandatory");
    const advisory = active.filter((violation) => violation.severity === "advisory");
    const excepted = violations.filter((violation) => violation.exception !== undefined);

    const sections: string[] = [`Policies for stack ${plan.stack}: ${RULES.length} rules over ${plan.resources.length} resources`];
    for (const rule of RULES) {
        const found = mandatory.filter((violation) => violation.rule === rule.id);
        if (found.length > 0) {
            sections.push(
                `MANDATORY ${rule.id}: ${rule.title}\n${found
                    .map((violation) => `  ${line(violation)}\n`)
                    .join("")
                    .trimEnd()}`,
            );
        }
    }
    // Grouped by reason: one exception usually accepts the same finding on several resources (one per cluster).
    const reasons = [...new Set(excepted.map((violation) => violation.exception!))];
    if (reasons.length > 0) {
        const groups = reasons.map(
            (reason) =>
                `  ${reason.charAt(0).toUpperCase()}${reason.slice(1)}:\n` +
                excepted
                    .filter((violation) => violation.exception === reason)
                    .map((violation) => `    [${violation.rule}] ${line(violation)}\n`)
                    .join(""),
        );
        sections.push(`Excepted (accepted, failing nothing):\n${groups.join("").trimEnd()}`);
    }
    const passed = mandatory.length === 0;
    sections.push(
        `${passed ? "Passed" : "Failed"}: ${counted(mandatory.length, "mandatory violation")}, ${counted(advisory.length, "advisory violation")}, ${counted(excepted.length, "excepted finding")}`,
    );
    return {
        body: sections.join("\n\n") + "\n",
        warnings: advisory.map((violation) => `warning: [${violation.rule}] ${line(violation)}\n`).join(""),
        failure: passed ? "" : `error: stack ${plan.stack} breaks ${counted(mandatory.length, "mandatory policy rule")} (listed above)\n`,
        passed,
    };
}
