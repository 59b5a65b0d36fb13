import { expect } from "chai";
import type { PlanDocument } from "../../../delivery/plan";
import type { Registration } from "../../../delivery/monitor";
import { PUSH_ACTIONS } from "../../../components/registry";
import { byUrn, named, ofType, planOf } from "../../helpers/plans";

const REPOSITORY = "aws:ecr/repository:Repository";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const KEY = "aws:kms/key:Key";

const inputs = (resource: Registration) => resource.inputs as Record<string, any>;
const regionOf = (plan: PlanDocument, resource: Registration) => inputs(byUrn(plan, resource.provider)).region as string;

/** The node role ARN of a cluster, as its node groups received it. */
function nodeRoleArn(plan: PlanDocument, cluster: string): string {
    const arn = inputs(named(plan, "aws:eks/nodeGroup:NodeGroup", `${cluster}-system`)).nodeRoleArn;
    expect(arn).to.match(new RegExp(`^arn:aws:iam::123456789012:role/${cluster}-node-`));
    return arn;
}

/** Every resource-based policy document Berth writes for the registry, as parsed JSON. */
function registryPolicies(plan: PlanDocument): { name: string; policy: any }[] {
    return [
        ...ofType(plan, "aws:ecr/repositoryPolicy:RepositoryPolicy").map((r) => ({ name: r.name, policy: JSON.parse(inputs(r).policy) })),
        ...ofType(plan, TEMPLATE).map((r) => ({ name: r.name, policy: JSON.parse(inputs(r).repositoryPolicy) })),
    ];
}

describe("berth:registry:Registry", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    it("is created once per environment, in the hub cluster's region, with a repository per application", () => {
        for (const plan of [dev, prod]) {
            expect(ofType(plan, "berth:registry:Registry")).to.have.length(1);
        }
        const repositories = ofType(prod, REPOSITORY);
        expect(repositories.map((r) => inputs(r).name)).to.deep.equal(["apps/storefront", "apps/payments/api"]);
        for (const repository of repositories) {
            expect(regionOf(prod, repository)).to.equal("eu-west-1");
            expect(repository.parent).to.equal(named(prod, "berth:registry:Registry", "berth-prod-registry").urn);
        }
    });

    it("makes prod repositories protected, immutable, scanned and encrypted with the registry's KMS key", () => {
        const key = named(prod, KEY, "berth-prod-registry-kms");
        expect(key.protect).to.equal(true);
        expect(inputs(key)).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
        for (const repository of ofType(prod, REPOSITORY)) {
            expect(repository.protect, repository.name).to.equal(true);
            expect(inputs(repository)).to.include({ imageTagMutability: "IMMUTABLE", forceDelete: false });
            expect(inputs(repository).imageScanningConfiguration).to.deep.equal({ scanOnPush: true });
            expect(inputs(repository).encryptionConfigurations).to.have.length(1);
            expect(inputs(repository).encryptionConfigurations[0].encryptionType).to.equal("KMS");
            expect(inputs(repository).encryptionConfigurations[0].kmsKey).to.match(/^arn:aws:kms:eu-west-1:123456789012:key\//);
            expect(repository.dependencies).to.include(key.urn);
        }
        expect(
            inputs(named(prod, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "berth-prod-registry-scanning")),
        ).to.deep.equal({
            scanType: "ENHANCED",
            rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "apps/*", filterType: "WILDCARD" }] }],
        });
    });

    it("lets dev be torn down: nothing protected, repositories force-deleted, tags mutable, basic scan on push", () => {
        const registry = named(dev, "berth:registry:Registry", "berth-dev-registry");
        const children = dev.resources.filter((r) => r.parent === registry.urn);
        expect(children.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
        for (const repository of ofType(dev, REPOSITORY)) {
            expect(inputs(repository)).to.include({ imageTagMutability: "MUTABLE", forceDelete: true });
            expect(inputs(repository).imageScanningConfiguration).to.deep.equal({ scanOnPush: true });
        }
        expect(inputs(named(dev, KEY, "berth-dev-registry-kms")).deletionWindowInDays).to.equal(7);
        expect(ofType(dev, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")).to.deep.equal([]);
    });

    it("attaches the environment's lifecycle policy to every repository", () => {
        const lifecycle = named(prod, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "berth-prod-registry-storefront-lifecycle");
        expect(inputs(lifecycle).repository).to.equal("apps/storefront");
        const rules = JSON.parse(inputs(lifecycle).policy).rules;
        expect(rules.map((rule: any) => [rule.rulePriority, rule.selection.tagStatus, rule.selection.countNumber])).to.deep.equal([
            [1, "tagged", 50],
            [2, "untagged", 14],
        ]);
        const devRules = JSON.parse(
            inputs(named(dev, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "berth-dev-registry-storefront-lifecycle")).policy,
        ).rules;
        expect(devRules.map((rule: any) => rule.selection.countNumber)).to.deep.equal([10, 3]);
    });

    it("replicates prod's repositories from the hub's region to the second cluster's region, templates first", () => {
        const replication = named(prod, "aws:ecr/replicationConfiguration:ReplicationConfiguration", "berth-prod-registry-replication");
        expect(regionOf(prod, replication)).to.equal("eu-west-1");
        expect(inputs(replication).replicationConfiguration).to.deep.equal({
            rules: [
                {
                    destinations: [{ region: "us-east-1", registryId: "123456789012" }],
                    repositoryFilters: [{ filter: "apps/", filterType: "PREFIX_MATCH" }],
                },
            ],
        });
        const template = named(prod, TEMPLATE, "berth-prod-registry-template-us-east-1");
        expect(replication.dependencies).to.include(template.urn);
        expect(ofType(dev, "aws:ecr/replicationConfiguration:ReplicationConfiguration")).to.deep.equal([]);
        expect(ofType(dev, TEMPLATE)).to.deep.equal([]);
    });

    it("gives replicas the source's settings through a template in their region, with a key of that region", () => {
        const template = named(prod, TEMPLATE, "berth-prod-registry-template-us-east-1");
        const key = named(prod, KEY, "berth-prod-registry-kms-us-east-1");
        const creationRole = named(prod, "aws:iam/role:Role", "berth-prod-registry-replica-creation");
        expect(regionOf(prod, template)).to.equal("us-east-1");
        expect(regionOf(prod, key)).to.equal("us-east-1");
        expect(key.protect).to.equal(true);
        expect(inputs(template)).to.include({ prefix: "apps", imageTagMutability: "IMMUTABLE" });
        expect(inputs(template).appliedFors).to.deep.equal(["REPLICATION"]);
        expect(inputs(template).encryptionConfigurations[0].kmsKey).to.match(/^arn:aws:kms:us-east-1:123456789012:key\//);
        expect(inputs(template).customRoleArn).to.match(/^arn:aws:iam::123456789012:role\/berth-prod-registry-replica-creation-/);
        expect(inputs(template).lifecyclePolicy).to.equal(
            inputs(named(prod, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "berth-prod-registry-storefront-lifecycle")).policy,
        );
        expect(template.dependencies).to.include.members([key.urn, creationRole.urn]);
        expect(JSON.parse(inputs(creationRole).assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "ecr.amazonaws.com" });
    });

    it("lets the node roles of every cluster pull, and grants no push action to any node role", () => {
        const nodeRoles = ["prod-euw1", "prod-use1"].map((cluster) => nodeRoleArn(prod, cluster));
        const devNodeRole = nodeRoleArn(dev, "dev-euw1");
        const all = [...registryPolicies(prod), ...registryPolicies(dev)];
        expect(all).to.have.length(2 + 1 + 2);
        for (const { name, policy } of all) {
            const pull = policy.Statement.find((statement: any) => statement.Sid === "ClusterNodesPull");
            expect(pull.Principal.AWS, name).to.deep.equal(name.startsWith("berth-prod") ? nodeRoles : [devNodeRole]);
            for (const statement of policy.Statement.filter((s: any) => s.Effect === "Allow")) {
                const principals = [statement.Principal.AWS].flat();
                const pushes = [statement.Action].flat().filter((action: string) => PUSH_ACTIONS.includes(action) || action === "ecr:*");
                if (principals.some((principal: string) => [...nodeRoles, devNodeRole].includes(principal))) {
                    expect(pushes, `${name} ${statement.Sid}`).to.deep.equal([]);
                }
            }
        }
    });

    it("lets only prod's GitHub Actions role push, and denies pushes by anyone else", () => {
        const ci = named(prod, "aws:iam/role:Role", "berth-prod-registry-ci");
        const trust = JSON.parse(inputs(ci).assumeRolePolicy).Statement[0];
        expect(trust.Principal.Federated).to.equal("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
        expect(trust.Condition.StringLike["token.actions.githubusercontent.com:sub"]).to.deep.equal([
            "repo:example-org/applications:ref:refs/heads/main",
            "repo:example-org/applications:ref:refs/tags/v*",
        ]);
        const ciArn = (prod.outputs.registry as any).ciRoleArn;
        expect(ciArn).to.match(/^arn:aws:iam::123456789012:role\/berth-prod-registry-ci-/);
        const policy = JSON.parse(
            inputs(named(prod, "aws:ecr/repositoryPolicy:RepositoryPolicy", "berth-prod-registry-storefront-policy")).policy,
        );
        const pushers = policy.Statement.filter((s: any) => s.Effect === "Allow" && [s.Action].flat().includes("ecr:PutImage"));
        expect(pushers.map((s: any) => s.Principal.AWS)).to.deep.equal([ciArn]);
        const deny = policy.Statement.find((s: any) => s.Effect === "Deny");
        expect(deny).to.deep.include({ Principal: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": ciArn } } });
        expect(deny.Action).to.include("ecr:PutImage");
        // dev has no CI role configured: no push grant and no deny.
        const devPolicy = JSON.parse(
            inputs(named(dev, "aws:ecr/repositoryPolicy:RepositoryPolicy", "berth-dev-registry-storefront-policy")).policy,
        );
        expect(devPolicy.Statement.map((s: any) => s.Sid)).to.deep.equal(["ClusterNodesPull"]);
    });

    it("runs a pull-through cache per upstream in every cluster region, and lets each cluster's nodes fill their own region's", () => {
        const rules = ofType(prod, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule");
        expect(
            rules.map((rule) => [inputs(rule).ecrRepositoryPrefix, inputs(rule).upstreamRegistryUrl, regionOf(prod, rule)]),
        ).to.deep.equal([
            ["ecr-public", "public.ecr.aws", "eu-west-1"],
            ["k8s", "registry.k8s.io", "eu-west-1"],
            ["ecr-public", "public.ecr.aws", "us-east-1"],
            ["k8s", "registry.k8s.io", "us-east-1"],
        ]);
        const usePolicy = named(prod, "aws:iam/rolePolicy:RolePolicy", "berth-prod-registry-cache-prod-use1");
        expect(usePolicy.dependencies).to.include(named(prod, "aws:iam/role:Role", "prod-use1-node").urn);
        expect(inputs(usePolicy).role).to.match(/^prod-use1-node-/);
        expect(JSON.parse(inputs(usePolicy).policy).Statement[0].Resource).to.deep.equal([
            "arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/*",
            "arn:aws:ecr:us-east-1:123456789012:repository/k8s/*",
        ]);
    });

    it("exports every application's repository URL in every cluster region", () => {
        expect((prod.outputs.registry as any).repositories).to.deep.equal({
            storefront: {
                "eu-west-1": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/storefront",
                "us-east-1": "123456789012.dkr.ecr.us-east-1.amazonaws.com/apps/storefront",
            },
            "payments/api": {
                "eu-west-1": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/payments/api",
                "us-east-1": "123456789012.dkr.ecr.us-east-1.amazonaws.com/apps/payments/api",
            },
        });
        expect((dev.outputs.registry as any).repositories.storefront).to.deep.equal({
            "eu-west-1": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/apps/storefront",
        });
    });
});
