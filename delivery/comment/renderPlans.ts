import { changesFromPlans, parsePlan } from "./fromPlans";
import { CommentError } from "./errors";
import { readInput } from "./readInput";
import { renderComment, RenderOptions } from "./render";

/**
 * `berth comment render --base <plan.json> --head <plan.json>` (repeatable, one pair per stack): the comment from
 * the offline plans of the pull request's base and head, for a pull request that cannot see cloud credentials.
 * Plans are paired by the stack they name.
 */
export function renderPlanDiffs(baseFiles: string[], headFiles: string[], options: RenderOptions = {}): string {
    const read = (file: string) => parsePlan(readInput(file, "the plan"), file);
    const bases = baseFiles.map(read);
    const heads = headFiles.map(read);
    const stacks = heads.map((head, index) => {
        const base = bases.find((plan) => plan.stack === head.stack);
        if (!base) throw new CommentError(`${headFiles[index]} plans stack "${head.stack}", and no --base plan does`);
        return changesFromPlans(base, head);
    });
    const unmatched = bases.findIndex((base) => !heads.some((head) => head.stack === base.stack));
    if (unmatched >= 0) throw new CommentError(`${baseFiles[unmatched]} plans stack "${bases[unmatched].stack}", and no --head plan does`);
    return renderComment(stacks, options);
}
