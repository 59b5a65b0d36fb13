import { expect } from "chai";
import { buildOrder } from "../../delivery/buildOrder";
import type { Registration } from "../../delivery/monitor";
import { planOf } from "../helpers/plans";
import { resource } from "./samplePlan";

const names = (resources: Registration[]) => buildOrder(resources).map((e) => `${"  ".repeat(e.depth)}${e.resource.name}`);

describe("buildOrder", () => {
    it("puts a subtree after the sibling subtree it depends on, a resource after its provider, ties in registration order", () => {
        const stack = resource("pulumi:pulumi:Stack", "stack", null);
        const registry = resource("berth:registry:Registry", "registry", stack);
        const cluster = resource("berth:cluster:Cluster", "cluster", stack);
        const provider = resource("pulumi:providers:aws", "aws", stack);
        const role = resource("aws:iam/role:Role", "node-role", cluster, { provider: provider.urn });
        const key = resource("aws:kms/key:Key", "key", cluster);
        const policy = resource("aws:ecr/repositoryPolicy:RepositoryPolicy", "pull", registry, { dependencies: [role.urn] });
        const repository = resource("aws:ecr/repository:Repository", "repo", registry);
        // Registered in the order a program might: the registry first, the provider last.
        expect(names([stack, registry, policy, repository, cluster, key, role, provider])).to.deep.equal([
            "stack",
            "  aws",
            "  cluster",
            "    key",
            "    node-role",
            "  registry",
            "    pull",
            "    repo",
        ]);
    });

    it("lists every resource once, even when two subtrees depend on each other", () => {
        const stack = resource("pulumi:pulumi:Stack", "stack", null);
        const a = resource("berth:x:A", "a", stack);
        const b = resource("berth:x:B", "b", stack);
        const inA = resource("aws:x:X", "in-a", a, { dependencies: [`urn:pulumi:prod::platform::aws:x:Y::in-b`] });
        const inB = resource("aws:x:Y", "in-b", b, { dependencies: [inA.urn] });
        expect(names([stack, a, b, inA, inB])).to.deep.equal(["stack", "  a", "    in-a", "  b", "    in-b"]);
    });

    it("breaks a cycle of siblings inside it, where the fewest dependencies go out of order, never at a sibling waiting on it", () => {
        const stack = resource("pulumi:pulumi:Stack", "stack", null);
        const peering = resource("berth:x:Peering", "peering", stack);
        const registry = resource("berth:x:Registry", "registry", stack);
        const cluster = resource("berth:x:Cluster", "cluster", stack);
        const nodeRole = resource("aws:x:Role", "node-role", cluster);
        const repository = resource("aws:x:Repository", "repository", registry);
        const pullPolicy = resource("aws:x:Policy", "pull-policy", registry, { dependencies: [nodeRole.urn] });
        const cachePolicy = resource("aws:x:Policy", "cache-policy", registry, { dependencies: [nodeRole.urn] });
        const app = resource("aws:x:Deployment", "app", cluster, { dependencies: [repository.urn] });
        const route = resource("aws:x:Route", "route", peering, { dependencies: [nodeRole.urn] });
        expect(names([stack, peering, registry, cluster, route, repository, pullPolicy, cachePolicy, nodeRole, app])).to.deep.equal([
            "stack",
            "  cluster",
            "    node-role",
            "    app",
            "  peering",
            "    route",
            "  registry",
            "    repository",
            "    pull-policy",
            "    cache-policy",
        ]);
    });

    it("never lists a prod resource before its parent, its provider or anything it depends on, but where its applications meet the registry", async () => {
        const prod = await planOf("prod");
        const order = buildOrder(prod.resources);
        expect(order.map((e) => e.resource.urn).sort()).to.deep.equal(prod.resources.map((r) => r.urn).sort());
        const position = new Map(order.map((e, i) => [e.resource.urn, i]));
        const outOfOrder: string[] = [];
        for (const { resource: r } of order) {
            const before = [r.parent, r.provider, ...r.dependencies].filter((urn): urn is string => urn !== null && position.has(urn));
            const late = before.filter((urn) => position.get(urn)! >= position.get(r.urn)!);
            outOfOrder.push(...late.map((urn) => `${r.name} needs ${urn.split("::").pop()}`));
        }
        // The registry's policies let the clusters' node roles pull, and each cluster's storefront pulls from the registry:
        // no tree draws both in order, so it draws the two Deployments before the repository they read.
        expect(outOfOrder).to.deep.equal([
            "prod-euw1-storefront-deployment needs berth-prod-registry-storefront",
            "prod-use1-storefront-deployment needs berth-prod-registry-storefront",
        ]);
    });
});
