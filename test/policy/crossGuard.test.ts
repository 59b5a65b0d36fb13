import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import type { Registration } from "../../delivery/monitor";
import { checkResources } from "../../delivery/policies/check";
import { viewsOfPlan } from "../../delivery/policies/planViews";
import { policySettingsOf } from "../../delivery/policies/settings";
import type { PlanDocument } from "../../delivery/plan";
import { readStackConfig } from "../../delivery/stackConfig";
import { berthPolicies } from "../../policy/policies";
import { packSettings } from "../../policy/settings";
import type { PolicySettings } from "../../stacks/config/policies";
import { planInline } from "../helpers/inline";
import { planOf, REPO } from "../helpers/plans";
import { resourceArgs, stackResources } from "./crossGuardArgs";

/** Every violation the pack's policies report over a plan's resources, as "<rule> <urn>: <message>", in rule order. */
async function reportedByPack(policies: Policies, plan: readonly Registration[]): Promise<string[]> {
    const reported: string[] = [];
    const stack: PolicyResource[] = stackResources(plan);
    for (const policy of policies as (ResourceValidationPolicy & StackValidationPolicy)[]) {
        if (policy.enforcementLevel === "disabled") continue;
        for (const registration of plan) {
            const validate = policy.validateResource as Exclude<ResourceValidationPolicy["validateResource"], unknown[]> | undefined;
            await validate?.(resourceArgs(registration, plan), (message) =>
                reported.push(`${policy.name} ${registration.urn}: ${message}`),
            );
        }
        await policy.validateStack?.(
            {
                resources: stack,
                stackTags: new Map(),
                getConfig: <T extends object>() => ({}) as T,
                notApplicable: () => undefined as never,
            },
            (message, urn) => reported.push(`${policy.name} ${urn}: ${message}`),
        );
    }
    return reported;
}

/** The same, found offline: every violation no exception accepts. */
function reportedOffline(plan: PlanDocument, settings: PolicySettings): string[] {
    return checkResources(viewsOfPlan(plan.resources, {}), settings)
        .filter((violation) => violation.exception === undefined)
        .map(({ rule, urn, message }) => `${rule} ${urn}: ${message}`);
}

const UNSCOPED = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] });

/** One resource breaking each rule, and some passing ones, made with the providers' SDKs. */
function brokenStack() {
    const provider = new aws.Provider("west", { region: "eu-west-1" });
    const cluster = new k8s.Provider("cluster", { kubeconfig: "{}" });
    new aws.ecr.Repository("mutable", { imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: false } }, { provider });
    new aws.ec2.LaunchTemplate("open-metadata", { metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 3 } }, { provider });
    const policy = new aws.iam.Policy("everything-in-s3", { policy: UNSCOPED }, { provider });
    new aws.iam.RolePolicyAttachment("ci-everything-in-s3", { role: "ci", policyArn: policy.arn }, { provider });
    new aws.s3.Bucket("bare", { bucketPrefix: "bare-" }, { provider });
    new k8s.core.v1.Secret("admin", { stringData: { password: pulumi.secret("generated") } }, { provider: cluster });
    new k8s.core.v1.ConfigMap("settings", { data: { "smtp.password": "hunter2" } }, { provider: cluster });
    new k8s.helm.v3.Release("tool", { chart: "tool", repositoryOpts: { repo: "https://example.com/charts" } }, { provider: cluster });
    new k8s.apps.v1.Deployment(
        "api",
        { spec: { selector: {}, template: { spec: { containers: [{ name: "api", image: "example/api:1.0.0" }] } } } },
        { provider: cluster },
    );
}

describe("CrossGuard pack (policy/): the same rules as berth check", () => {
    const prodSettings = policySettingsOf(readStackConfig(REPO, "prod").config, "prod");

    it("is one policy per rule, at the severity the stack's environment and platform:policies give it", () => {
        const dev = berthPolicies(
            policySettingsOf({ "platform:policies": JSON.stringify({ severities: { "s3-versioning": "advisory" } }) }, "dev"),
        );
        const levels = Object.fromEntries(dev.map((policy) => [policy.name, policy.enforcementLevel]));
        expect(levels).to.include({
            "ecr-immutable-tags": "disabled",
            "eks-private-endpoint": "disabled",
            "eks-secrets-encryption": "advisory",
            "s3-versioning": "advisory",
            "imds-hop-limit": "mandatory",
        });
        expect(dev.map((policy) => policy.name)).to.have.length(14);
    });

    it("reports on a stack breaking every rule exactly what berth check finds, resource for resource", async () => {
        const plan = await planInline(brokenStack);
        const offline = reportedOffline(plan, prodSettings);
        expect(await reportedByPack(berthPolicies(prodSettings), plan.resources)).to.deep.equal(offline);
        // Every rule but the EKS ones (no cluster here) found something, the tags included (this provider adds none).
        expect(new Set(offline.map((line) => line.split(" ")[0]))).to.have.lengthOf(11);
    });

    it("reports nothing on the shipped prod stack but what berth check reports (nothing: the accepted findings stay unreported)", async () => {
        const prod = await planOf("prod");
        expect(await reportedByPack(berthPolicies(prodSettings), prod.resources)).to.deep.equal(reportedOffline(prod, prodSettings));
        expect(reportedOffline(prod, prodSettings)).to.deep.equal([]);
    });

    it("judges nothing it cannot see in a preview, where the policy SDK would throw and skip the whole check", async () => {
        // The planner has no unknowns to offer (its mocks know every output): a preview's view of one, by hand.
        const repository: Registration = {
            urn: "urn:pulumi:prod::platform::aws:ecr/repository:Repository::computed",
            type: "aws:ecr/repository:Repository",
            name: "computed",
            custom: true,
            parent: null,
            provider: null,
            dependencies: [],
            protect: false,
            inputs: { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: "[unknown]" }, tags: "[unknown]" },
        };
        expect(await reportedByPack(berthPolicies(prodSettings), [repository])).to.deep.equal([]);
    });

    it("cannot tell a Pulumi secret from a literal in Helm values (the policy SDK decrypts them), so it reports what berth check passes", async () => {
        const plan = await planInline(() => {
            const cluster = new k8s.Provider("cluster", { kubeconfig: "{}" });
            new k8s.helm.v3.Release(
                "grafana",
                {
                    chart: "grafana",
                    version: "10.1.0",
                    values: { adminPassword: pulumi.secret("generated") },
                    repositoryOpts: { repo: "https://example.com" },
                },
                { provider: cluster },
            );
        });
        expect(reportedOffline(plan, prodSettings).filter((line) => line.startsWith("no-plaintext-secrets"))).to.deep.equal([]);
        const release = plan.resources.find((resource) => resource.name === "grafana")!;
        expect(
            (await reportedByPack(berthPolicies(prodSettings), plan.resources)).filter((line) => line.startsWith("no-plaintext-secrets")),
        ).to.deep.equal([
            `no-plaintext-secrets ${release.urn}: values.adminPassword holds a credential written into the program: reference a Secret (existingSecret, secretKeyRef) or pass a Pulumi secret`,
        ]);
    });

    it("reads the stack and its config as the Pulumi CLI hands them to a policy pack, and refuses to guess without a stack", () => {
        const settings = packSettings({
            PULUMI_STACK: "prod",
            PULUMI_CONFIG: JSON.stringify({ "platform:policies": JSON.stringify({ requiredTags: ["owner"] }) }),
        });
        expect(settings.environment).to.equal("prod");
        expect(settings.requiredTags).to.deep.equal(["owner"]);
        expect(packSettings({ PULUMI_NODEJS_STACK: "dev" }).environment).to.equal("dev");
        expect(() => packSettings({})).to.throw(/did not name it \(PULUMI_STACK\)/);
    });
});
