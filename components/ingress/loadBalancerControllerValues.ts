import type { ServiceAccountRef } from "../lib/irsa";
import { SYSTEM_POOL_PLACEMENT } from "../lib/placement";

/** Namespace and service account the controller runs as: the only identity its IAM role trusts. */
export const LOAD_BALANCER_CONTROLLER_ACCOUNT: ServiceAccountRef = { namespace: "kube-system", name: "aws-load-balancer-controller" };

/** The label the chart puts on the controller's pods (its chart name, as no nameOverride is set). */
const CONTROLLER_POD_LABELS = { "app.kubernetes.io/name": "aws-load-balancer-controller" };

export interface LoadBalancerControllerValuesArgs {
    /** The EKS cluster name: the value of the elbv2.k8s.aws/cluster tag on everything the controller creates. */
    clusterName: string;
    /** The cluster's region. */
    region: string;
    /** The cluster's VPC, where target groups and security groups are created. */
    vpcId: string;
    /** The IRSA role the service account is annotated with. */
    roleArn: string;
    /** Pods of the Deployment; one is the leader, the others stand by and serve the admission webhooks. */
    replicas: number;
}

/** Helm values of the aws-load-balancer-controller chart for one cluster. */
export function loadBalancerControllerValues(args: LoadBalancerControllerValuesArgs) {
    return {
        clusterName: args.clusterName,
        // Given explicitly because the controller would otherwise ask the instance metadata service, which nodes
        // answer only one network hop away: a pod's request never gets there.
        region: args.region,
        vpcId: args.vpcId,
        serviceAccount: {
            create: true,
            name: LOAD_BALANCER_CONTROLLER_ACCOUNT.name,
            annotations: { "eks.amazonaws.com/role-arn": args.roleArn },
        },
        replicaCount: args.replicas,
        ...SYSTEM_POOL_PLACEMENT,
        // The chart already keeps replicas off one node (configureDefaultAffinity); this also keeps them off one zone.
        // A preference, not a rule: a standby is worth running even when its zone's system nodes are full.
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: CONTROLLER_POD_LABELS },
            },
        ],
        // The chart renders a budget only with more than one replica; with one, a budget would block every node drain.
        ...(args.replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
        // The controller's own manifest at v3.5.0 (config/controller/controller.yaml) asks for these.
        resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "200m", memory: "500Mi" } },
        // The service mutator webhook would set `loadBalancerClass: service.k8s.aws/nlb` on every new LoadBalancer
        // Service that has none, handing all of them to this controller, and with its failure policy "Fail" it would
        // refuse every such Service while the controller is down. Off, the controller takes only the Services that ask
        // for it through their annotations or loadBalancerClass, as the ingress gateway's Service does.
        enableServiceMutatorWebhook: false,
    };
}
