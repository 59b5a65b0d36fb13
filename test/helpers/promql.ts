import { parser } from "@prometheus-io/lezer-promql";

/** What the official PromQL grammar makes of an expression: where it could not parse, and the metrics it selects. */
export interface ParsedPromql {
    /** Offsets of the grammar's error nodes; empty when the whole expression parses. */
    errorsAt: number[];
    /** Metric names of the expression's vector and range selectors, in order. */
    metrics: string[];
}

/**
 * Parses with @prometheus-io/lezer-promql, the grammar Prometheus's own UI uses (its CommonJS build, dist/index.cjs,
 * loads under mocha and ts-node as it is). An unknown function, an unbalanced bracket or a stray operator leaves an
 * error node in the tree.
 */
export function parsePromql(expr: string): ParsedPromql {
    const errorsAt: number[] = [];
    const metrics: string[] = [];
    parser.parse(expr).iterate({
        enter(node) {
            if (node.type.isError) {
                errorsAt.push(node.from);
            } else if (node.name === "VectorSelector") {
                const name = node.node.getChild("Identifier");
                if (name) metrics.push(expr.slice(name.from, name.to));
            }
        },
    });
    return { errorsAt, metrics };
}
