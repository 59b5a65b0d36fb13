import { changesFromPreview } from "./fromPreview";
import { parsePreview } from "./previewJson";
import { readInput } from "./readInput";
import { renderComment, RenderOptions } from "./render";

/** A stack's name and the file holding its `pulumi preview --json` output. */
export interface PreviewFile {
    stack: string;
    file: string;
}

/** `berth comment render --stack dev=preview-dev.json ...`: one comment for every stack's preview. */
export function renderPreviews(previews: PreviewFile[], options: RenderOptions = {}): string {
    const stacks = previews.map(({ stack, file }) => changesFromPreview(stack, parsePreview(readInput(file, "the preview"), file)));
    return renderComment(stacks, options);
}
