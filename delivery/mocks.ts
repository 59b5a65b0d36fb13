import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, PARTITION, hexOf, uuidOf } from "./mockIds";
import { computeState } from "./mockState";
import { StackReferences, stackReferenceState } from "./stackReferences";

/** The region a resource lands in when neither its provider nor `aws:region` names one (the AWS CLI's default). */
const DEFAULT_REGION = "us-east-1";

type CallRule = (region: string, inputs: Record<string, any>) => Record<string, unknown>;

/** The short form of a region in zone IDs: us-east-1 -> use1, ap-southeast-2 -> apse2. */
function zoneIdPrefix(region: string): string {
    const [country = "", direction = "", number = ""] = region.split("-");
    const initials = direction
        .replace(/(north|south)(east|west)/, "$1-$2")
        .split("-")
        .map((word) => word[0]);
    return `${country}${initials.join("")}${number}`;
}

/**
 * A region's zones. us-east-1 has six, and its third by name maps to use1-az3, where EKS places no control plane,
 * so plans exercise the exclusion; elsewhere three.
 */
export function mockZones(region: string): { names: string[]; zoneIds: string[] } {
    const letters = region === "us-east-1" ? ["a", "b", "c", "d", "e", "f"] : ["a", "b", "c"];
    return {
        names: letters.map((letter) => `${region}${letter}`),
        zoneIds: letters.map((_, index) => `${zoneIdPrefix(region)}-az${index + 1}`),
    };
}

/** Provider functions (invokes) the program may call, answered for the calling provider's region. */
const CALLS: Record<string, CallRule> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: ACCOUNT,
        accountId: ACCOUNT,
        arn: `arn:${PARTITION}:sts::${ACCOUNT}:assumed-role/berth-planner/berth`,
        userId: "AROAPLANNER000000000:berth",
    }),
    "aws:iam/getSessionContext:getSessionContext": (_region, inputs) => {
        // An assumed role's session ARN names the role it came from; anything else is its own issuer.
        const arn = String(inputs.arn);
        const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
        return session
            ? {
                  id: arn,
                  arn,
                  issuerArn: `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`,
                  issuerName: session[3],
                  sessionName: session[4],
              }
            : { id: arn, arn, issuerArn: arn, issuerName: arn.split("/").pop(), sessionName: "" };
    },
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
    "aws:index/getAvailabilityZones:getAvailabilityZones": (region) => {
        const zones = mockZones(region);
        return { id: region, names: zones.names, zoneIds: zones.zoneIds, groupNames: zones.names.map(() => region), state: "" };
    },
};

/**
 * Berth's one set of Pulumi mocks: realistic ids, ARNs, endpoints, an EKS kubeconfig and OIDC issuer,
 * all derived from a hash of type, name and region so that repeated runs give identical results.
 */
export class BerthMocks implements pulumi.runtime.Mocks {
    /** Region of each aws provider, keyed by the id this mock gave it: resources name their provider as "<urn>::<id>". */
    private readonly providerRegions = new Map<string, string>();
    private defaultRegion?: string;

    /**
     * The first stack reference the planner was given no outputs for. The program fails on it, with an error the SDK
     * wraps in its own words; the planner reports this one instead.
     */
    missingStackReference?: Error;

    /** @param stackReferences the outputs a `pulumi.StackReference` of the program reads, by stack name. @default none */
    constructor(private readonly stackReferences: StackReferences = {}) {}

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const inputs: Record<string, any> = args.inputs ?? {};
        if (args.type === "pulumi:pulumi:StackReference") {
            try {
                const state = stackReferenceState(String(inputs.name), this.stackReferences);
                return { id: state.name, state: { ...state } };
            } catch (err) {
                this.missingStackReference ??= err as Error;
                throw err;
            }
        }
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
        return this.providerRegions.get(id) ?? this.stackRegion();
    }

    /**
     * The stack's `aws:region`, read once: the SDK parses the stack's whole config for every read, and every resource
     * without an aws provider of its own (each Kubernetes object) asks. A plan's config does not change while it runs.
     */
    private stackRegion(): string {
        this.defaultRegion ??= new pulumi.Config("aws").get("region") ?? DEFAULT_REGION;
        return this.defaultRegion;
    }
}
