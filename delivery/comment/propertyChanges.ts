import type { PropertyChange } from "./changes";
import { displayValue, Side } from "./displayValue";
import { maskAgainst } from "./masking";
import type { PreviewState, PreviewStep, PropertyDiff } from "./previewJson";
import { parsePropertyPath, PathSegment, valueAt, valuesAlong } from "./propertyPath";
import { isSecret, SECRET_TEXT } from "./sentinels";

/**
 * The property-level changes of one step from its detailedDiff: each path with its old and new value. The engine
 * compares old inputs with new inputs (inputDiff) or old outputs with new inputs; the value is looked up where the
 * engine compared it, falling back to the other side's bag.
 */
export function propertyChanges(step: PreviewStep): PropertyChange[] {
    const diff = step.detailedDiff;
    if (!diff) return [];
    return Object.entries(diff).map(([path, change]) =>
        propertyChange(path, change, step.oldState ?? undefined, step.newState ?? undefined),
    );
}

function propertyChange(
    path: string,
    change: PropertyDiff,
    oldState: PreviewState | undefined,
    newState: PreviewState | undefined,
): PropertyChange {
    const segments = parsePropertyPath(path);
    const oldBags = change.inputDiff ? [oldState?.inputs, oldState?.outputs] : [oldState?.outputs, oldState?.inputs];
    const before = lookUp(oldBags, segments);
    const after = lookUp([newState?.inputs, newState?.outputs], segments);
    const kind = change.kind.startsWith("add") ? "add" : change.kind.startsWith("delete") ? "delete" : "update";
    const secret = secretOnEitherSide(segments, oldState, newState);
    const show = (value: unknown, other: unknown, side: Side) => displayValue(secret ? SECRET_TEXT : maskAgainst(value, other), side);
    return {
        path,
        kind,
        replaces: change.kind.endsWith("-replace"),
        before: kind === "add" ? undefined : show(before, after, "before"),
        after: kind === "delete" ? undefined : show(after, before, "after"),
    };
}

function lookUp(bags: (Record<string, unknown> | undefined)[], segments: PathSegment[]): unknown {
    for (const bag of bags) {
        const found = valueAt(bag, segments);
        if (found.found) return found.value;
    }
    return undefined;
}

/**
 * Whether the property, or anything holding it, is a secret in any bag of either state, or is an output the provider
 * always keeps secret: then neither side is shown, so that a value turning into a secret (or back) never leaks its
 * plaintext from the other side.
 */
function secretOnEitherSide(segments: PathSegment[], ...states: (PreviewState | undefined)[]): boolean {
    return states.some(
        (state) =>
            state !== undefined &&
            ((typeof segments[0] === "string" && (state.additionalSecretOutputs ?? []).includes(segments[0])) ||
                [state.inputs, state.outputs].some((bag) => valuesAlong(bag, segments).some(isSecret))),
    );
}
