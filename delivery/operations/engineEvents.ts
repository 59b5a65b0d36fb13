import type { EngineEvent, StepEventMetadata, StepEventStateMetadata } from "@pulumi/pulumi/automation";
import type { StackChanges } from "../comment/changes";
import { changesFromPreview } from "../comment/fromPreview";
import type { PreviewState, PreviewStep, PropertyDiff } from "../comment/previewJson";
import type { OperationEvents } from "./types";

/** The engine's color directives in diagnostic text, e.g. `<{%fg 3%}>` and `<{%reset%}>`. */
const COLOR_DIRECTIVE = /<\{%[^%]*%\}>/g;

/** One engine step as `pulumi preview --json` writes it, which `changesFromPreview` reads. */
export function stepOf(metadata: StepEventMetadata): PreviewStep {
    return {
        op: metadata.op,
        urn: metadata.urn,
        provider: metadata.provider || undefined,
        oldState: stateOf(metadata.old),
        newState: stateOf(metadata.new),
        diffReasons: metadata.diffs ?? null,
        replaceReasons: metadata.keys ?? null,
        detailedDiff: metadata.detailedDiff
            ? Object.fromEntries(
                  Object.entries(metadata.detailedDiff).map(([path, diff]): [string, PropertyDiff] => [
                      path,
                      { kind: diff.diffKind, inputDiff: diff.inputDiff },
                  ]),
              )
            : null,
    };
}

/** A delete step's `new` is an empty object: no state at all. */
function stateOf(state: StepEventStateMetadata | undefined): PreviewState | null {
    if (!state || !state.urn) return null;
    return {
        urn: state.urn,
        type: state.type,
        custom: state.custom,
        parent: state.parent || undefined,
        protect: state.protect,
        inputs: state.inputs,
        outputs: state.outputs,
    };
}

/**
 * Reads an operation's engine events as they arrive: each resource step is reported as a change at once, diagnostics
 * and policy findings as log lines; at the end, `changes()` merges the steps per resource as a preview comment does.
 * The engine masks secret values in its events ("[secret]"), so nothing here sees one.
 */
export class EngineEventReader {
    private readonly steps: PreviewStep[] = [];
    private readonly seen = new Set<string>();
    private readonly policy = { mandatory: [] as string[], advisory: [] as string[] };

    constructor(
        private readonly stack: string,
        private readonly events: OperationEvents,
    ) {}

    /** For the Automation API's `onEvent`. */
    readonly onEvent = (event: EngineEvent): void => {
        if (event.resourcePreEvent) this.step(event.resourcePreEvent.metadata);
        else if (event.diagnosticEvent) {
            const { message, severity, ephemeral, urn } = event.diagnosticEvent;
            const text = message.replace(COLOR_DIRECTIVE, "").trim();
            if (ephemeral || severity === ("debug" as string) || text === "") return;
            const level = severity === "info#err" ? "info" : severity;
            this.events.log(`${level}: ${urn ? `${urn.split("::").pop()}: ` : ""}${text}`);
        } else if (event.policyEvent) {
            const { enforcementLevel, policyPackName, policyName, message, resourceUrn } = event.policyEvent;
            const finding = `${policyPackName}/${policyName}: ${message.replace(COLOR_DIRECTIVE, "").trim()}${resourceUrn ? ` (${resourceUrn.split("::").pop()})` : ""}`;
            (enforcementLevel === "mandatory" ? this.policy.mandatory : this.policy.advisory).push(finding);
            this.events.log(`policy ${enforcementLevel}: ${finding}`);
        } else if (event.resOpFailedEvent) {
            const { metadata } = event.resOpFailedEvent;
            this.events.log(`error: ${metadata.op} of ${metadata.urn.split("::").pop()} (${metadata.type}) failed`);
        }
    };

    /** Every step so far, in the order the engine reported them. */
    get recordedSteps(): readonly PreviewStep[] {
        return this.steps;
    }

    /** Every step so far, merged per resource. */
    changes(): StackChanges {
        const changes = changesFromPreview(this.stack, { steps: this.steps });
        const hasPolicy = this.policy.mandatory.length + this.policy.advisory.length > 0;
        return hasPolicy ? { ...changes, policy: this.policy } : changes;
    }

    private step(metadata: StepEventMetadata): void {
        // An update reports a step once; a replayed stream (a retried read of the event log) must not count it twice.
        const key = `${metadata.op}\u0000${metadata.urn}`;
        if (this.seen.has(key)) return;
        this.seen.add(key);
        const step = stepOf(metadata);
        this.steps.push(step);
        const change = changesFromPreview(this.stack, { steps: [step] }).resources[0];
        if (change) this.events.change?.(change);
    }
}
