import * as path from "path";
import type { Registration } from "../../delivery/monitor";
import { crdModel } from "./crdSchema";

/** A kubernetes-models class: built from an object, `validate()` throws on anything the API schema refuses. */
type Model = new (data: any) => { validate(): void };

// Resolved lazily, per kind, so that a suite loads only the schemas it checks.
const MODELS: Record<string, () => Model> = {
    "kubernetes:storage.k8s.io/v1:StorageClass": () => require("kubernetes-models/storage.k8s.io/v1/StorageClass").StorageClass,
    "kubernetes:core/v1:Namespace": () => require("kubernetes-models/v1/Namespace").Namespace,
    "kubernetes:core/v1:Service": () => require("kubernetes-models/v1/Service").Service,
    "kubernetes:apps/v1:Deployment": () => require("kubernetes-models/apps/v1/Deployment").Deployment,
    "kubernetes:core/v1:ResourceQuota": () => require("kubernetes-models/v1/ResourceQuota").ResourceQuota,
    "kubernetes:core/v1:LimitRange": () => require("kubernetes-models/v1/LimitRange").LimitRange,
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": () =>
        require("kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler").HorizontalPodAutoscaler,
    "kubernetes:policy/v1:PodDisruptionBudget": () => require("kubernetes-models/policy/v1/PodDisruptionBudget").PodDisruptionBudget,
    // prometheus-operator's CRDs: the 4.x models are the last with a CommonJS build.
    ...Object.fromEntries(
        ["Prometheus", "PrometheusRule", "ServiceMonitor", "PodMonitor", "Probe"].map((kind) => [
            `kubernetes:monitoring.coreos.com/v1:${kind}`,
            () => require(`@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`)[kind],
        ]),
    ),
    // The CommonJS build of the Istio models (2.x) stops at v1beta1 for these kinds; Istio promoted both to v1 unchanged.
    "kubernetes:security.istio.io/v1:PeerAuthentication": () =>
        asVersion(
            require("@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication").PeerAuthentication,
            "security.istio.io/v1beta1",
        ),
    "kubernetes:networking.istio.io/v1:Gateway": () =>
        asVersion(require("@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway").Gateway, "networking.istio.io/v1beta1"),
    "kubernetes:networking.istio.io/v1:VirtualService": () =>
        asVersion(
            require("@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService").VirtualService,
            "networking.istio.io/v1beta1",
        ),
    "kubernetes:core/v1:ConfigMap": () => require("kubernetes-models/v1/ConfigMap").ConfigMap,
    "kubernetes:core/v1:Secret": () => require("kubernetes-models/v1/Secret").Secret,
    "kubernetes:core/v1:ServiceAccount": () => require("kubernetes-models/v1/ServiceAccount").ServiceAccount,
    "kubernetes:batch/v1:Job": () => require("kubernetes-models/batch/v1/Job").Job,
    ...Object.fromEntries(
        ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].map((kind) => [
            `kubernetes:rbac.authorization.k8s.io/v1:${kind}`,
            () => require(`kubernetes-models/rbac.authorization.k8s.io/v1/${kind}`)[kind],
        ]),
    ),
    // ECK's kinds, against Berth's subsets of the pinned eck-operator chart's CRD schemas (test/fixtures/crds/eck-3.5.0).
    "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch": () => crdModel("eck-3.5.0/elasticsearch.v1"),
    "kubernetes:kibana.k8s.elastic.co/v1:Kibana": () => crdModel("eck-3.5.0/kibana.v1"),
    // Flagger's kinds, against Berth's subsets of the pinned flagger chart's CRD schemas (test/fixtures/crds/flagger-1.44.0).
    "kubernetes:flagger.app/v1beta1:Canary": () => crdModel("flagger-1.44.0/canary.v1beta1"),
    "kubernetes:flagger.app/v1beta1:MetricTemplate": () => crdModel("flagger-1.44.0/metrictemplate.v1beta1"),
    // External Secrets Operator's v1 kinds. The models package is ESM-only and exports no CommonJS entry: its files are
    // loaded by path (Node's require of ES modules).
    "kubernetes:external-secrets.io/v1:ExternalSecret": () => externalSecretsModel("ExternalSecret"),
    "kubernetes:external-secrets.io/v1:ClusterSecretStore": () => externalSecretsModel("ClusterSecretStore"),
};

function externalSecretsModel(kind: string): Model {
    const root = path.dirname(require.resolve("@kubernetes-models/external-secrets/package.json"));
    return require(path.join(root, "external-secrets.io", "v1", `${kind}.js`))[kind];
}

/** A model of an earlier API version whose schema the later one kept: validates the object under the model's own version. */
function asVersion(Kind: Model, apiVersion: string): Model {
    return class {
        private readonly object: { validate(): void };
        constructor(data: any) {
            this.object = new Kind({ ...data, apiVersion });
        }
        validate(): void {
            this.object.validate();
        }
    };
}

/**
 * Validates a Kubernetes object Berth writes itself, as registered in a plan, against the real API
 * schema of its kind. Throws for a kind with no schema here, so a new kind cannot go unchecked.
 */
export function validateAgainstApiSchema(resource: Registration): void {
    const model = MODELS[resource.type];
    if (!model) {
        throw new Error(`no API schema registered for ${resource.type} in test/helpers/schemas.ts`);
    }
    const Kind = model();
    new Kind(resource.type === "kubernetes:core/v1:Secret" ? withoutHiddenData(resource.inputs) : resource.inputs).validate();
}

/** A plan shows a Secret's data as "[secret]"; the rest of the Secret is still checked, the hidden maps as empty. */
function withoutHiddenData(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(inputs).map(([key, value]) => [key, (key === "data" || key === "stringData") && value === "[secret]" ? {} : value]),
    );
}
