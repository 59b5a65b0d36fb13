import type { Finding, Rule } from "../types";
import { isHidden, isMap, valueAt } from "../values";

/** Where each workload kind keeps its pod template's spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** What the scheduler and cluster-autoscaler size nodes by. */
const REQUESTED = ["cpu", "memory"];

export const workloadResourceRequests: Rule = {
    id: "workload-resource-requests",
    title: "Every workload Berth writes requests CPU and memory",
    description:
        "Every container (and init container) of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob " +
        "that the stack writes requests CPU and memory: the scheduler places pods and cluster-autoscaler sizes " +
        "nodes by requests, and a pod without them is the first evicted and packs nodes past their capacity.",
    resources: {
        appliesTo: (type) => Object.hasOwn(POD_SPEC_PATHS, type),
        check({ type, inputs }): Finding[] {
            const podSpec = valueAt(inputs, ...POD_SPEC_PATHS[type]);
            if (isHidden(podSpec)) {
                return [];
            }
            return ["initContainers", "containers"].flatMap((field) => {
                const containers = valueAt(podSpec, field);
                if (!Array.isArray(containers)) {
                    return [];
                }
                return containers.filter(isMap).flatMap((container, index): Finding[] => {
                    const requests = valueAt(container, "resources", "requests");
                    if (isHidden(requests)) {
                        return [];
                    }
                    const missing = REQUESTED.filter((resource) => {
                        const amount = valueAt(requests, resource);
                        return !isHidden(amount) && (amount === undefined || amount === "" || amount === null);
                    });
                    if (missing.length === 0) {
                        return [];
                    }
                    const name = typeof container.name === "string" ? container.name : `#${index + 1}`;
                    return [
                        {
                            message: `${field === "containers" ? "container" : "init container"} ${name} requests no ${missing.join(" and no ")}`,
                            subject: name,
                        },
                    ];
                });
            });
        },
    },
};
