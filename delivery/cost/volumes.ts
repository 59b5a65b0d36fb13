import type { Registration } from "../monitor";
import { EstimateContext, regionalPrices } from "./context";
import { gib, num, record, records, text } from "./inputs";
import { cents, count, rate } from "./money";
import type { CostItem } from "./types";

const STORAGE_CLASS = /^kubernetes:storage\.k8s\.io\/v1\w*:StorageClass$/;
const PVC = /^kubernetes:core\/v1:PersistentVolumeClaim$/;
const HELM = /^kubernetes:helm\.sh\/v\d:(Release|Chart)$/;
const EBS_CSI = "ebs.csi.aws.com";
const IN_TREE_EBS = "kubernetes.io/aws-ebs";
const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** Volume claims found in one resource: how many volumes of what size in which storage class. */
interface Claims {
    /** "prometheus", "hot", ...: where in the resource they are, for the item's name. */
    part?: string;
    volumes: number;
    gib: number;
    storageClass?: string;
}

/**
 * Persistent volumes the plan asks for: volume claim templates in Kubernetes objects (StatefulSets, Elasticsearch node
 * sets, Prometheus and Alertmanager) and in Helm values (kube-prometheus-stack's storageSpec, a chart's
 * `persistence`), and PersistentVolumeClaims. Each becomes an EBS volume of its storage class's type.
 */
export function volumeItems(context: EstimateContext): CostItem[] {
    const classes = storageClasses(context);
    return context.index.plan.resources.flatMap((resource) => {
        if (!resource.type.startsWith("kubernetes:")) return [];
        const found = PVC.test(resource.type)
            ? claimOf(resource)
            : claimsIn(HELM.test(resource.type) ? resource.inputs.values : resource.inputs.spec);
        if (found.length === 0) return [];
        const where = regionalPrices(context, resource, "volumes of");
        if (!where) return [];
        const scope = context.index.scopeOf(resource);
        return found.flatMap((claims): CostItem[] => {
            const volumeType = volumeTypeOf(classes.get(scope), claims.storageClass);
            const perGbMonth = where.prices.ebs[volumeType.type];
            const name = claims.part ? `${resource.name} ${claims.part}` : resource.name;
            if (perGbMonth === undefined) {
                context.notes.push(`volumes of ${name}: no ${where.region} price for EBS ${volumeType.type}`);
                return [];
            }
            const monthly = cents(claims.volumes * claims.gib * perGbMonth);
            return [
                {
                    scope,
                    region: where.region,
                    category: "volumes",
                    name,
                    detail: `${count(claims.volumes, "volume")} × ${round(claims.gib)} GiB ${volumeType.type}${volumeType.assumed ? " (storage class not in the plan: priced as gp3)" : ""} × ${rate(perGbMonth)}/GB-month`,
                    monthly,
                    min: monthly,
                    max: monthly,
                },
            ];
        });
    });
}

const round = (n: number) => Number(n.toFixed(2));

function claimOf(resource: Registration): Claims[] {
    const spec = record(resource.inputs.spec);
    const size = gib(record(record(spec.resources).requests).storage);
    return size === undefined ? [] : [{ volumes: 1, gib: size, storageClass: text(spec.storageClassName) }];
}

/**
 * Claims anywhere in a spec or Helm values. A `volumeClaimTemplates` list belongs to an object whose `count` or
 * `replicas` says how many pods (each with its own volumes); a prometheus-operator `storage`/`storageSpec` holds one
 * `volumeClaimTemplate` per replica (and shard); a chart's `persistence` with `enabled: true` is one volume. A subtree
 * with `enabled: false` is switched off and holds none.
 */
function claimsIn(value: unknown, part?: string): Claims[] {
    if (Array.isArray(value)) return value.flatMap((item) => claimsIn(item, part));
    const node = record(value);
    if (Object.keys(node).length === 0 || node.enabled === false) return [];
    const label = text(node.name) ?? part;
    const replicas = (num(node.count) ?? num(node.replicas) ?? 1) * (num(node.shards) ?? 1);
    const found: Claims[] = [];
    for (const template of records(node.volumeClaimTemplates)) {
        const spec = record(template.spec);
        const size = gib(record(record(spec.resources).requests).storage);
        if (size !== undefined) found.push({ part: label, volumes: replicas, gib: size, storageClass: text(spec.storageClassName) });
    }
    for (const key of ["storage", "storageSpec"]) {
        const spec = record(record(record(node[key]).volumeClaimTemplate).spec);
        const size = gib(record(record(spec.resources).requests).storage);
        if (size !== undefined) found.push({ part: label, volumes: replicas, gib: size, storageClass: text(spec.storageClassName) });
    }
    const persistence = record(node.persistence);
    const persistentSize = persistence.enabled === true ? gib(persistence.size) : undefined;
    if (persistentSize !== undefined) {
        found.push({ part: label, volumes: 1, gib: persistentSize, storageClass: text(persistence.storageClassName) });
    }
    const handled = new Set(["volumeClaimTemplates", "storage", "storageSpec", "persistence"]);
    for (const [key, child] of Object.entries(node)) {
        // A Helm release's top-level keys name its parts (prometheus, alertmanager): the nearest one labels the volumes.
        if (!handled.has(key) && typeof child === "object") found.push(...claimsIn(child, part ?? key));
    }
    return found;
}

interface ClusterClasses {
    types: Map<string, string>;
    defaultType?: string;
}

/** Each cluster's EBS storage classes: class name to volume type, and the default class's type. */
function storageClasses(context: EstimateContext): Map<string, ClusterClasses> {
    const byScope = new Map<string, ClusterClasses>();
    for (const resource of context.index.ofType(STORAGE_CLASS)) {
        const provisioner = text(resource.inputs.provisioner);
        if (provisioner !== EBS_CSI && provisioner !== IN_TREE_EBS) continue;
        const scope = context.index.scopeOf(resource);
        const classes = byScope.get(scope) ?? { types: new Map<string, string>() };
        const metadata = record(resource.inputs.metadata);
        const type = text(record(resource.inputs.parameters).type) ?? (provisioner === EBS_CSI ? "gp3" : "gp2");
        const name = text(metadata.name) ?? resource.name;
        classes.types.set(name, type);
        if (text(record(metadata.annotations)[DEFAULT_CLASS_ANNOTATION]) === "true") classes.defaultType = type;
        byScope.set(scope, classes);
    }
    return byScope;
}

function volumeTypeOf(classes: ClusterClasses | undefined, storageClass: string | undefined): { type: string; assumed: boolean } {
    const type = storageClass === undefined ? classes?.defaultType : classes?.types.get(storageClass);
    return type === undefined ? { type: "gp3", assumed: true } : { type, assumed: false };
}
