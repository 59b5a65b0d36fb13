import type { ResourceChange, StackChanges } from "./changes";

/**
 * Resource types whose replacement or deletion loses data or takes a platform down: a new EKS cluster is a new
 * control plane (every workload on it goes), a node group's nodes are drained, an ECR repository's images, a KMS key's
 * ciphertexts, a bucket's objects, Elasticsearch's indices and a volume's bytes are gone.
 */
const STATEFUL_TYPES: Record<string, string> = {
    "aws:eks/cluster:Cluster": "EKS cluster",
    "eks:index:Cluster": "EKS cluster",
    "aws:eks/nodeGroup:NodeGroup": "EKS node group",
    "eks:index:ManagedNodeGroup": "EKS node group",
    "eks:index:NodeGroup": "EKS node group",
    "eks:index:NodeGroupV2": "EKS node group",
    "aws:autoscaling/group:Group": "node Auto Scaling group",
    "aws:ecr/repository:Repository": "ECR repository",
    "aws:kms/key:Key": "KMS key",
    "aws:s3/bucket:Bucket": "S3 bucket",
    "aws:s3/bucketV2:BucketV2": "S3 bucket",
    "aws:ebs/volume:Volume": "EBS volume",
    "aws:opensearch/domain:Domain": "OpenSearch domain",
    "aws:elasticsearch/domain:Domain": "Elasticsearch domain",
    "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch": "Elasticsearch cluster (its data)",
    "kubernetes:core/v1:PersistentVolumeClaim": "persistent volume claim",
    "kubernetes:core/v1:PersistentVolume": "persistent volume",
    "kubernetes:apps/v1:StatefulSet": "stateful set (its volumes)",
};

export interface Danger {
    stack: string;
    resource: ResourceChange;
    /** Why the change is dangerous, e.g. "replaces an EKS cluster" or "deletes a protected resource". */
    reason: string;
}

/** The dangerous changes of every stack, production stacks first: they are the ones a reviewer must not miss. */
export function findDangers(stacks: StackChanges[]): Danger[] {
    const ordered = [...stacks].sort((a, b) => productionFirst(a.stack) - productionFirst(b.stack));
    return ordered.flatMap((stack) =>
        stack.resources.flatMap((resource) => {
            const reason = dangerOf(resource);
            return reason === undefined ? [] : [{ stack: stack.stack, resource, reason }];
        }),
    );
}

function dangerOf(resource: ResourceChange): string | undefined {
    if (resource.op !== "replace" && resource.op !== "delete") return undefined;
    const verb = resource.op === "replace" ? "replaces" : "deletes";
    const kind = STATEFUL_TYPES[resource.type];
    if (kind && resource.protect) return `${verb} a protected ${kind}`;
    if (kind) return `${verb} an ${kind}`.replace(/^(\w+) an ([^aeiouAEIOU])/, "$1 a $2");
    if (resource.protect) return `${verb} a protected resource`;
    return undefined;
}

/** 0 for a production stack (by its name: prod, production, org/project/prod...), 1 for any other. */
export function productionFirst(stack: string): number {
    return /(^|[^a-z])prod(uction)?($|[^a-z])/i.test(stack) ? 0 : 1;
}
