import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, PARTITION, hexOf, uuidOf } from "./mockIds";
import { computeState } from "./mockState";

/** The region a resource lands in when neither its provider nor `aws:region` names one (the AWS CLI's default). */
const DEFAULT_REGION = "us-east-1";

type CallRule = (region: string, inputs: Record<string, any>) => Record<string, unknown>;

/** Plausible current EKS add-on builds; kube-proxy follows the cluster's minor, as AWS publishes it. */
const ADDON_VERSIONS: Record<string, (kubernetesVersion: string) => string> = {
    "vpc-cni": () => "v1.19.2-eksbuild.1",
    coredns: () => "v1.11.4-eksbuild.2",
    "kube-proxy": (k8s) => `v${k8s}.3-eksbuild.2`,
    "aws-ebs-csi-driver": () => "v1.38.1-eksbuild.2",
};

/** Provider functions (invokes) the program may call, answered for the calling provider's region. */
const CALLS: Record<string, CallRule> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: ACCOUNT,
        accountId: ACCOUNT,
        arn: `arn:${PARTITION}:sts::${ACCOUNT}:assumed-role/berth-planner/berth`,
        userId: "AROAPLANNER000000000:berth",
    }),
    "aws:index/getRegion:getRegion": (region) => ({
        id: region,
        name: region,
        region,
        description: region,
        endpoint: `ec2.${region}.amazonaws.com`,
    }),
    "aws:index/getPartition:getPartition": () => ({
        id: PARTITION,
        partition: PARTITION,
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (region) => ({
        id: region,
        names: ["a", "b", "c"].map((z) => `${region}${z}`),
        zoneIds: [1, 2, 3].map((n) => `${region.replace(/-/g, "").slice(0, 4)}-az${n}`),
        groupNames: [region],
        state: "available",
    }),
    "aws:eks/getAddonVersion:getAddonVersion": (_region, inputs) => ({
        id: inputs.addonName,
        addonName: inputs.addonName,
        kubernetesVersion: inputs.kubernetesVersion,
        mostRecent: inputs.mostRecent ?? false,
        version: (ADDON_VERSIONS[inputs.addonName] ?? (() => "v1.0.0-eksbuild.1"))(String(inputs.kubernetesVersion)),
    }),
};

/**
 * Berth's one set of Pulumi mocks: realistic ids, ARNs, endpoints, an EKS kubeconfig and OIDC issuer,
 * all derived from a hash of type, name and region so that repeated runs give identical results.
 */
export class BerthMocks implements pulumi.runtime.Mocks {
    /** Region of each aws provider, keyed by the id this mock gave it: resources name their provider as "<urn>::<id>". */
    private readonly providerRegions = new Map<string, string>();

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const inputs: Record<string, any> = args.inputs ?? {};
        const ownRegion = args.type === "pulumi:providers:aws" && typeof inputs.region === "string" ? inputs.region : undefined;
        const region = ownRegion ?? this.regionOf(args.provider);
        const seed = `${args.type}|${args.name}|${region}`;
        const { id, outputs } = computeState({
            type: args.type,
            name: args.name,
            custom: args.custom ?? false,
            inputs,
            region,
            hex: (length, salt = "") => hexOf(`${seed}|${salt}`, length),
            uuid: (salt = "") => uuidOf(`${seed}|${salt}`),
        });
        if (args.type === "pulumi:providers:aws" && id) this.providerRegions.set(id, region);
        return { id, state: { ...inputs, ...outputs } };
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const rule = CALLS[args.token];
        if (!rule) throw new Error(`Berth mocks have no answer for the call ${args.token}; add one to CALLS in delivery/mocks.ts`);
        return rule(this.regionOf(args.provider), args.inputs ?? {});
    }

    /** The region of the aws provider named by a "<urn>::<id>" reference; the stack's `aws:region` without one. */
    regionOf(providerRef: string | undefined): string {
        const id = providerRef ? providerRef.slice(providerRef.lastIndexOf("::") + 2) : "";
        return this.providerRegions.get(id) ?? new pulumi.Config("aws").get("region") ?? DEFAULT_REGION;
    }
}
