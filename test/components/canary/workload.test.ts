import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Workload, WorkloadArgs } from "../../../components";
import type { Registration } from "../../../delivery/monitor";
import { planInline } from "../../helpers/inline";
import { named, ofType } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/storefront";
const CHECKS = {
    successRate: { name: "success", namespace: "istio-system" },
    latency: { name: "latency", namespace: "istio-system" },
};

describe("berth:workload:Workload with canary releases", () => {
    it("hands its routing to a Canary that waits for Flagger, its Deployment and its autoscaler", async () => {
        const plan = await planInline(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            const flagger = new k8s.core.v1.ConfigMap("flagger-stand-in", { data: {} }, { provider });
            new Workload("storefront", {
                ingress: { kubernetesProvider: provider, gateway: "istio-ingress/default" },
                image: { repository: REPOSITORY, tag: "v1.4.2" },
                routing: { hosts: ["shop.example.com"], paths: ["/shop"] },
                canary: { stepWeight: 20, maxWeight: 60, interval: "2m" },
                canaryAnalysis: { kubernetesProvider: provider, ready: [flagger], checks: CHECKS },
            });
        });
        const canary = named(plan, "kubernetes:flagger.app/v1beta1:Canary", "storefront-canary");
        expect(() => validateAgainstApiSchema(canary)).to.not.throw();
        expect(inputs(canary).metadata).to.deep.include({ name: "storefront", namespace: "storefront" });
        expect(inputs(canary).spec.analysis).to.deep.include({ stepWeight: 20, maxWeight: 60, interval: "2m", threshold: 5 });
        expect(inputs(canary).spec.analysis.metrics.map((check: any) => check.templateRef)).to.deep.equal([
            CHECKS.successRate,
            CHECKS.latency,
        ]);
        expect(inputs(canary).spec.service.match).to.deep.equal([{ uri: { prefix: "/shop" } }]);
        for (const dependency of ["flagger-stand-in", "storefront-deployment", "storefront-autoscaler"]) {
            expect(canary.dependencies).to.include(plan.resources.find((resource) => resource.name === dependency)!.urn);
        }
        expect(ofType(plan, "kubernetes:core/v1:Service")).to.deep.equal([]);
        expect(ofType(plan, "kubernetes:networking.istio.io/v1:VirtualService")).to.deep.equal([]);
    });

    it("refuses canary releases without routes or without the cluster's Flagger", () => {
        const args: WorkloadArgs = {
            ingress: { kubernetesProvider: undefined as never, gateway: "istio-ingress/default" },
            image: { repository: REPOSITORY, tag: "v1" },
            canary: {},
        };
        let error: unknown;
        try {
            new Workload("storefront", args);
        } catch (caught) {
            error = caught;
        }
        expect(pulumi.InputPropertiesError.isInstance(error), String(error)).to.equal(true);
        expect((error as pulumi.InputPropertiesError).errors.map((problem) => problem.propertyPath)).to.deep.equal([
            "routing",
            "canaryAnalysis",
        ]);
    });
});
