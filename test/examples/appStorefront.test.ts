import * as path from "path";
import { expect } from "chai";
import type { Registration } from "../../delivery/monitor";
import { PlanError } from "../../delivery/errors";
import { PlanDocument, planStack } from "../../delivery/plan";
import { named, ofType, planOf, REPO } from "../helpers/plans";
import { validateAgainstApiSchema } from "../helpers/schemas";

const EXAMPLE = path.join(REPO, "examples", "app-storefront");
const PLATFORM = "organization/platform/dev";
const inputs = (resource: Registration) => resource.inputs as Record<string, any>;

describe("examples/app-storefront: the standalone form", () => {
    let platform: PlanDocument;
    let app: PlanDocument;
    before(async () => {
        platform = await planOf("dev");
        app = await planStack({ stack: "dev", dir: EXAMPLE, stackReferences: { [PLATFORM]: platform.outputs } });
    });

    it("plans offline with the platform stack's outputs, through the kubeconfig the platform exports", () => {
        const workload = named(app, "berth:workload:Workload", "storefront");
        expect(workload.parent).to.equal(named(app, "pulumi:pulumi:Stack", "app-storefront-dev").urn);
        const provider = named(app, "pulumi:providers:kubernetes", "dev-euw1");
        expect(inputs(provider).kubeconfig).to.equal("[secret]");
        const objects = app.resources.filter((resource) => resource.type.startsWith("kubernetes:"));
        expect(objects.map((object) => object.type)).to.include.members([
            "kubernetes:core/v1:Namespace",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:core/v1:Service",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:networking.istio.io/v1:VirtualService",
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
        ]);
        for (const object of objects) {
            expect(object.provider, object.name).to.equal(provider.urn);
            expect(() => validateAgainstApiSchema(object), object.name).to.not.throw();
        }
        expect(app.outputs).to.deep.equal({ namespace: "storefront", hosts: ["storefront.dev.example.com"] });
    });

    it("pulls from the platform registry's repository in the cluster's region, and binds to the gateway the platform exports", () => {
        const container = inputs(named(app, "kubernetes:apps/v1:Deployment", "storefront-deployment")).spec.template.spec.containers[0];
        const repository = (platform.outputs.registry as any).repositories.storefront["eu-west-1"];
        // Read from the secret `clusters` output, the region and gateway are un-secreted: the image and route stay readable.
        expect(container.image).to.equal(`${repository}:v1.4.2@sha256:3f1e4c5d6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f`);
        const route = inputs(named(app, "kubernetes:networking.istio.io/v1:VirtualService", "storefront-virtual-service"));
        expect(route.spec.gateways).to.deep.equal([(platform.outputs.clusters as any)["dev-euw1"].gateway]);
    });

    it("builds the same objects as the config form does for the same application", () => {
        const configForm = inputs(named(platform, "kubernetes:apps/v1:Deployment", "dev-euw1-storefront-deployment")).spec.template.spec;
        const standalone = inputs(named(app, "kubernetes:apps/v1:Deployment", "storefront-deployment")).spec.template.spec;
        for (const key of ["securityContext", "affinity", "topologySpreadConstraints", "volumes"]) {
            expect(standalone[key], key).to.deep.equal(configForm[key]);
        }
        expect(standalone.containers[0].securityContext).to.deep.equal(configForm.containers[0].securityContext);
        expect(ofType(app, "kubernetes:core/v1:Secret")).to.deep.equal([]);
    });

    it("fails as bad usage, naming the stack and the option, when the platform's outputs are not given", async () => {
        let failure: unknown;
        try {
            await planStack({ stack: "dev", dir: EXAMPLE });
        } catch (error) {
            failure = error;
        }
        expect(failure).to.be.instanceOf(PlanError);
        expect((failure as PlanError).exitCode).to.equal(2);
        expect((failure as PlanError).message).to.equal(
            `The program reads the outputs of stack "${PLATFORM}", which the planner was not given: plan that stack with --json <file>, then pass --stack-outputs ${PLATFORM}=<file> (planStack: stackReferences)`,
        );
    });
});
