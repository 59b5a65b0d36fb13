import type { Registration } from "../monitor";
import { EstimateContext, regionalPrices } from "./context";
import { record, text, texts } from "./inputs";
import { cents, count, rate } from "./money";
import type { CostItem } from "./types";

const EKS_COMPONENT = "eks:index:Cluster";
const EKS_CLUSTER = "aws:eks/cluster:Cluster";

/**
 * The stack output the Berth program exports with each cluster's EKS support tier on the plan's day: extended support
 * bills the control plane six times the standard price. Without it (another project's plan) a cluster is priced at
 * standard support, and the estimate says so.
 */
export const SUPPORT_OUTPUT = "controlPlaneSupport";

/** EKS control planes (standard or extended support) and their control-plane logs in CloudWatch. */
export function controlPlaneItems(context: EstimateContext): CostItem[] {
    const { hoursPerMonth: hours, controlPlaneLogGbPerCluster: logGb } = context.assumptions;
    const support = record(context.index.plan.outputs[SUPPORT_OUTPUT]);
    const clusters = eksClusters(context);
    if (clusters.length > 0 && context.index.plan.outputs[SUPPORT_OUTPUT] === undefined) {
        context.notes.push(`the plan has no ${SUPPORT_OUTPUT} output: every control plane is priced at standard support`);
    }
    return clusters.flatMap((eks): CostItem[] => {
        const where = regionalPrices(context, eks, "EKS cluster");
        if (!where) return [];
        const scope = context.index.scopeOf(eks);
        const name = text(eks.inputs.name) ?? scope;
        const extended = text(support[scope]) === "extended";
        const perHour = extended ? where.prices.eks.extendedPerClusterHour : where.prices.eks.standardPerClusterHour;
        const controlPlane = cents(perHour * hours);
        const items: CostItem[] = [
            {
                scope,
                region: where.region,
                category: "control plane",
                name,
                detail: `EKS ${extended ? "extended support (past the end of standard support)" : "standard support"}: ${rate(perHour)}/h × ${hours} h`,
                monthly: controlPlane,
                min: controlPlane,
                max: controlPlane,
                assumptions: ["hoursPerMonth"],
            },
        ];
        const logTypes = texts(eks.inputs.enabledClusterLogTypes);
        if (logTypes.length > 0) {
            const perGb = where.prices.cloudwatchLogs.ingestionPerGb;
            const logs = cents(logGb * perGb);
            items.push({
                scope,
                region: where.region,
                category: "control-plane logs",
                name,
                detail: `${count(logTypes.length, "log type")} (${logTypes.join(", ")}): ${logGb} GB × ${rate(perGb)}/GB ingested`,
                monthly: logs,
                min: logs,
                max: logs,
                assumptions: ["controlPlaneLogGbPerCluster"],
            });
        }
        return items;
    });
}

/** pulumi-eks clusters, and plain EKS clusters not made by one (under mocks pulumi-eks is one opaque resource). */
function eksClusters(context: EstimateContext): Registration[] {
    const insideComponent = (r: Registration): boolean => {
        for (
            let at = r.parent ? context.index.byUrn.get(r.parent) : undefined;
            at;
            at = at.parent ? context.index.byUrn.get(at.parent) : undefined
        ) {
            if (at.type === EKS_COMPONENT) return true;
        }
        return false;
    };
    return [...context.index.ofType(EKS_COMPONENT), ...context.index.ofType(EKS_CLUSTER).filter((r) => !insideComponent(r))];
}
