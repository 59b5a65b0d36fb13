import { emptyCounts, PropertyChange, ResourceChange, StackChanges } from "./changes";
import { displayValue, Side } from "./displayValue";
import { grouped } from "./groupSteps";
import { maskAgainst } from "./masking";
import type { PreviewDigest, PreviewStep } from "./previewJson";
import { placer } from "./grouping";
import { propertyChanges } from "./propertyChanges";
import { isSecret, SECRET_TEXT } from "./sentinels";
import { parseUrn } from "./urn";

/** One stack's preview as the comment reports it: the engine's steps merged per resource, placed and diffed. */
export function changesFromPreview(stack: string, preview: PreviewDigest): StackChanges {
    const place = placer(preview.steps);
    const counts = emptyCounts();
    const resources: ResourceChange[] = [];
    for (const { urn, op, steps } of grouped(preview.steps)) {
        counts[op]++;
        if (op === "same") continue;
        const detailed = steps.find((step) => step.detailedDiff) ?? steps.find((step) => step.oldState && step.newState) ?? steps[0];
        const { type, name } = parseUrn(urn);
        const properties = detailed.detailedDiff
            ? propertyChanges(detailed)
            : op === "update" || op === "replace"
              ? inputChanges(detailed)
              : [];
        resources.push({
            urn,
            type: detailed.newState?.type ?? detailed.oldState?.type ?? type,
            name,
            op,
            ...place(urn),
            protect: steps.some((step) => step.oldState?.protect === true || step.newState?.protect === true),
            properties,
            changedWithoutDetail: detailed.detailedDiff ? [] : unlisted(detailed.diffReasons ?? [], properties),
            replaceReasons: [...new Set(steps.flatMap((step) => step.replaceReasons ?? []))],
        });
    }
    return { stack, source: "preview", resources, counts };
}

/**
 * With `detailedDiff: null` (older providers, or a diff the provider computed itself) the engine still has both
 * states: their top-level inputs show what changed, restricted to the engine's diffReasons when it gave any.
 */
function inputChanges(step: PreviewStep): PropertyChange[] {
    const before = step.oldState?.inputs ?? {};
    const after = step.newState?.inputs ?? {};
    const reasons = step.diffReasons ?? [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        (key) => key !== "__defaults" && (reasons.length === 0 || reasons.includes(key)),
    );
    const secretOutputs = [...(step.oldState?.additionalSecretOutputs ?? []), ...(step.newState?.additionalSecretOutputs ?? [])];
    return keys.flatMap((key): PropertyChange[] => {
        const old = before[key];
        const next = after[key];
        if (JSON.stringify(old) === JSON.stringify(next) && !isSecret(old)) return [];
        const secret = secretOutputs.includes(key);
        const show = (value: unknown, other: unknown, side: Side) => displayValue(secret ? SECRET_TEXT : maskAgainst(value, other), side);
        const kind = !(key in before) ? "add" : !(key in after) ? "delete" : "update";
        return [
            {
                path: key,
                kind,
                replaces: (step.replaceReasons ?? []).includes(key),
                before: kind === "add" ? undefined : show(old, next, "before"),
                after: kind === "delete" ? undefined : show(next, old, "after"),
            },
        ];
    });
}

/** The engine's diffReasons that no property change already shows. */
function unlisted(reasons: string[], properties: PropertyChange[]): string[] {
    return reasons.filter((reason) => !properties.some((property) => property.path === reason));
}
