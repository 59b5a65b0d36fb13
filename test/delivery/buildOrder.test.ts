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

    it("never lists a prod resource before its parent, its provider or anything it depends on", async () => {
        const prod = await planOf("prod");
        const order = buildOrder(prod.resources);
        expect(order.map((e) => e.resource.urn).sort()).to.deep.equal(prod.resources.map((r) => r.urn).sort());
        const position = new Map(order.map((e, i) => [e.resource.urn, i]));
        for (const { resource: r } of order) {
            const before = [r.parent, r.provider, ...r.dependencies].filter((urn): urn is string => urn !== null && position.has(urn));
            for (const urn of before) expect(position.get(urn), `${r.name} needs ${urn}`).to.be.lessThan(position.get(r.urn)!);
        }
    });
});
