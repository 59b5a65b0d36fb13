import MarkdownIt from "markdown-it";
import { expect } from "chai";

const parser = new MarkdownIt({ html: true });

/** The tables of a comment as GFM parses them: each a list of rows of cell texts, header row first. */
export function gfmTables(markdown: string): string[][][] {
    const tokens = parser.parse(markdown, {});
    const tables: string[][][] = [];
    let row: string[] | undefined;
    let cell: boolean = false;
    for (const token of tokens) {
        if (token.type === "table_open") tables.push([]);
        else if (token.type === "tr_open") row = [];
        else if (token.type === "tr_close" && row) tables[tables.length - 1].push(row);
        else if (token.type === "th_open" || token.type === "td_open") cell = true;
        else if (token.type === "th_close" || token.type === "td_close") cell = false;
        else if (token.type === "inline" && cell && row) row.push(token.content);
    }
    return tables;
}

/**
 * Checks that the comment is valid GitHub-flavoured Markdown as a reviewer would see it: the summary is a real table
 * with one row per stack, and every <details> block opens and closes as an HTML block of its own, in balance.
 */
export function expectValidGfm(markdown: string, stacks: number): void {
    const tables = gfmTables(markdown);
    expect(tables, "one table").to.have.length(1);
    expect(tables[0][0]).to.deep.equal(["Stack", "Create", "Update", "Replace", "Delete", "Cost delta", "Policy"]);
    expect(tables[0], "a row per stack").to.have.length(stacks + 1);
    for (const row of tables[0]) expect(row).to.have.length(7);

    let depth = 0;
    for (const token of parser.parse(markdown, {})) {
        if (token.type !== "html_block") continue;
        depth += (token.content.match(/<details>/g) ?? []).length;
        depth -= (token.content.match(/<\/details>/g) ?? []).length;
        expect(depth, "details nesting").to.be.within(0, 1);
    }
    expect(depth, "every <details> closed").to.equal(0);
    expect((markdown.match(/<details>/g) ?? []).length).to.equal(stacks);
    expect((markdown.match(/<\/details>/g) ?? []).length).to.equal(stacks);
    // Markdown inside <details> only renders after a blank line that ends the HTML block.
    expect(markdown).not.to.match(/<\/summary>\n(?!\n)/);
}
