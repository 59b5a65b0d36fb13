import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";
import { GATEWAY_SELECTOR } from "./gatewayService";
import { ISTIO_NAMESPACE } from "./meshObjects";

/** Replicas spread over zones: a zone outage leaves the others serving. */
function zoneSpread(matchLabels: Record<string, string>) {
    return [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels } },
    ];
}

/** Istio's CRDs and cluster-wide validation, for the default revision. */
export function istioBaseValues(): Record<string, unknown> {
    return { defaultRevision: "default", global: { istioNamespace: ISTIO_NAMESPACE } };
}

/**
 * istiod on the system pool. With more than one replica it autoscales from that floor, keeps a disruption budget of
 * one available pod and spreads over zones; a single replica gets no budget, which would block every drain of its node.
 */
export function istiodValues(replicas: number): Record<string, unknown> {
    const ha = replicas > 1;
    return {
        replicaCount: replicas,
        autoscaleEnabled: ha,
        autoscaleMin: replicas,
        autoscaleMax: Math.max(replicas, 5),
        ...SYSTEM_POOL_PLACEMENT,
        topologySpreadConstraints: ha ? zoneSpread({ app: "istiod" }) : [],
        resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "2Gi" } },
        pdb: { minAvailable: 1 },
        global: { istioNamespace: ISTIO_NAMESPACE, defaultPodDisruptionBudget: { enabled: ha } },
        meshConfig: { accessLogFile: "/dev/stdout" },
    };
}

/**
 * The ingress gateway's Deployment: autoscaled on CPU between the given bounds, spread over zones, with a disruption
 * budget of one pod at a time. Its own Service stays internal (ClusterIP): the NLB comes from Berth's Service, whose
 * deletion Pulumi awaits, so that the load balancer is gone before the controller that removes it.
 */
export function gatewayValues(replicas: { min: number; max: number }): Record<string, unknown> {
    return {
        service: { type: "ClusterIP" },
        autoscaling: { enabled: true, minReplicas: replicas.min, maxReplicas: replicas.max, targetCPUUtilizationPercentage: 70 },
        // The chart creates the budget only when the floor is above one replica (a budget on one pod blocks drains).
        podDisruptionBudget: { maxUnavailable: 1 },
        topologySpreadConstraints: zoneSpread({ ...GATEWAY_SELECTOR }),
        resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "1Gi" } },
    };
}
