import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { PlanError } from "../../delivery/errors";
import { PlanDocument, planStack } from "../../delivery/plan";

const dir = path.join(__dirname, "..", "fixtures", "planner");
const STACK = "urn:pulumi:dev::fixture::pulumi:pulumi:Stack::fixture-dev";
const PROVIDER = "urn:pulumi:dev::fixture::pulumi:pulumi:Stack$pulumi:providers:aws::primary";
const CLUSTER = "urn:pulumi:dev::fixture::pulumi:pulumi:Stack$berth:cluster:Cluster::blue";

function find(plan: PlanDocument, type: string, name: string) {
    const found = plan.resources.filter((r) => r.type === type && r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0]!;
}

async function planError(stack: string): Promise<PlanError> {
    try {
        await planStack({ stack, dir });
    } catch (err) {
        expect(err).to.be.instanceOf(PlanError);
        return err as PlanError;
    }
    throw new Error(`planning ${stack} should have failed`);
}

describe("planStack", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        dev = await planStack({ stack: "dev", dir });
        prod = await planStack({ stack: "prod", dir });
    });

    it("names the project and stack and counts resources by type", () => {
        expect(dev.version).to.equal(1);
        expect(dev.project).to.equal("fixture");
        expect(dev.stack).to.equal("dev");
        expect(dev.summary).to.deep.equal({
            resources: 9,
            byType: {
                "aws:ec2/subnet:Subnet": 1,
                "aws:ec2/vpc:Vpc": 1,
                "aws:kms/key:Key": 1,
                "aws:ssm/parameter:Parameter": 3,
                "berth:cluster:Cluster": 1,
                "pulumi:providers:aws": 1,
                "pulumi:pulumi:Stack": 1,
            },
        });
    });

    it("lists resources in registration order, the stack first", () => {
        expect(dev.resources.map((r) => r.name)).to.deep.equal([
            "fixture-dev",
            "primary",
            "blue",
            "api-token",
            "webhook",
            "database-user",
            "blue-key",
            "blue-vpc",
            "blue-subnet",
        ]);
    });

    it("records parent, provider, dependencies and protect exactly as registered", () => {
        expect(find(dev, "berth:cluster:Cluster", "blue")).to.include({ parent: STACK, provider: PROVIDER, custom: false, protect: false });
        expect(find(dev, "berth:cluster:Cluster", "blue").providers).to.deep.equal({ aws: PROVIDER });
        const subnet = find(dev, "aws:ec2/subnet:Subnet", "blue-subnet");
        expect(subnet).to.include({ parent: CLUSTER, provider: PROVIDER, custom: true, protect: false });
        expect(subnet.dependencies).to.deep.equal([
            "urn:pulumi:dev::fixture::berth:cluster:Cluster$aws:ec2/vpc:Vpc::blue-vpc",
            "urn:pulumi:dev::fixture::berth:cluster:Cluster$aws:kms/key:Key::blue-key",
        ]);
        expect(find(dev, "aws:kms/key:Key", "blue-key")).to.include({ protect: true, parent: CLUSTER });
        expect(find(dev, "pulumi:providers:aws", "primary")).to.include({ parent: STACK, provider: null });
        expect(find(dev, "pulumi:pulumi:Stack", "fixture-dev")).to.include({ parent: null, provider: null });
    });

    it("records inputs as passed, with outputs the mock computed for the provider's region", () => {
        const subnet = find(dev, "aws:ec2/subnet:Subnet", "blue-subnet");
        expect(subnet.inputs).to.deep.equal({ availabilityZone: "eu-west-1a", cidrBlock: "10.10.0.0/16", vpcId: subnet.inputs.vpcId });
        expect(subnet.inputs.vpcId).to.match(/^vpc-[0-9a-f]{17}$/);
    });

    it("never shows a secret: secure config, nested secure config, or a value wrapped in pulumi.secret", () => {
        const text = JSON.stringify(dev);
        for (const raw of [
            "AAABAKsz5fixtureCipherTextNotARealSecret0123456789",
            "AAABAHnestedFixtureCipherTextNotARealSecret9876",
            "T0FIXTURE",
        ]) {
            expect(text).not.to.contain(raw);
        }
        expect(find(dev, "aws:ssm/parameter:Parameter", "api-token").inputs).to.deep.equal({ type: "SecureString", value: "[secret]" });
        expect(find(dev, "aws:ssm/parameter:Parameter", "webhook").inputs).to.deep.equal({ type: "String", value: "[secret]" });
        expect(find(dev, "aws:ssm/parameter:Parameter", "database-user").inputs).to.deep.equal({ type: "String", value: "[secret]" });
    });

    it("captures the stack outputs, secrets hidden", () => {
        expect(dev.outputs).to.have.keys(["keyArn", "subnetZones", "vpcArns", "webhookUrl"]);
        expect(dev.outputs.webhookUrl).to.equal("[secret]");
        expect(dev.outputs.subnetZones).to.deep.equal(["eu-west-1a"]);
        expect(dev.outputs.keyArn).to.match(/^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f-]{36}$/);
    });

    it("captures what the program logged with pulumi.log.warn", () => {
        expect(dev.warnings).to.deep.equal([
            { severity: "warning", message: "a single cluster has no failover: add a second one for production" },
        ]);
        expect(prod.warnings).to.deep.equal([]);
    });

    it("keeps two plans in one process independent", () => {
        expect(prod.stack).to.equal("prod");
        expect(prod.resources.filter((r) => r.type === "berth:cluster:Cluster").map((r) => r.name)).to.deep.equal(["blue", "green"]);
        expect(prod.resources.every((r) => r.urn.startsWith("urn:pulumi:prod::fixture::"))).to.equal(true);
        expect(prod.outputs.subnetZones).to.deep.equal(["us-west-2a", "us-west-2a"]);
        expect(dev.resources.every((r) => r.urn.startsWith("urn:pulumi:dev::fixture::"))).to.equal(true);
    });

    it("gives the same plans when two stacks are planned concurrently", async () => {
        const [devAgain, prodAgain] = await Promise.all([planStack({ stack: "dev", dir }), planStack({ stack: "prod", dir })]);
        expect(devAgain).to.deep.equal(dev);
        expect(prodAgain).to.deep.equal(prod);
    });

    it("gives identical plans for identical runs", async () => {
        expect(await planStack({ stack: "dev", dir })).to.deep.equal(dev);
    });

    it("plans an inline program against the stack's config", async () => {
        const plan = await planStack({ stack: "dev", dir, program: () => ({ answer: 42 }) });
        expect(plan.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        expect(plan.outputs).to.deep.equal({ answer: 42 });
    });

    it("refuses an unknown stack with exit code 2, naming the stacks that exist", async () => {
        const err = await planError("staging");
        expect(err.exitCode).to.equal(2);
        expect(err.message).to.contain('Unknown stack "staging"');
        expect(err.message).to.contain("Stacks here: broken, dev, malformed, prod");
    });

    it("refuses malformed YAML with exit code 2, naming the file and line", async () => {
        const err = await planError("malformed");
        expect(err.exitCode).to.equal(2);
        expect(err.message).to.contain(`${path.join(dir, "Pulumi.malformed.yaml")}:5:1: invalid YAML`);
    });

    it("reports every config problem the program found, with exit code 2", async () => {
        const err = await planError("broken");
        expect(err.exitCode).to.equal(2);
        expect(err.problems).to.deep.equal([
            "fixture:clusters[1].cidr: must be an IPv4 CIDR block (got 10.300.0.0/16)",
            "fixture:clusters[1].maxSize: must be >= minSize (got 1, minSize 3)",
        ]);
    });

    it("fails, instead of waiting for ever, when a resource's input fails and another resource uses its outputs", async () => {
        const error = await planStack({
            stack: "dev",
            dir,
            program: () => {
                const provider = new aws.Provider("west", { region: "eu-west-1" });
                const zone = pulumi.output("eu-west-1a").apply((): string => {
                    throw new Error("no such zone");
                });
                const subnet = new aws.ec2.Subnet("a", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", availabilityZone: zone }, { provider });
                new aws.ec2.RouteTableAssociation("a", { subnetId: subnet.id, routeTableId: "rtb-1" }, { provider });
            },
        }).then(
            () => undefined,
            (caught: unknown) => caught,
        );
        expect(error).to.be.instanceOf(PlanError);
        expect((error as PlanError).exitCode).to.equal(1);
        expect((error as PlanError).message).to.contain("no such zone");
    });

    it("fails with exit code 1 and the message when the program throws", async () => {
        let err: unknown;
        await planStack({
            stack: "dev",
            dir,
            program: () => {
                throw new TypeError("cannot read x of undefined");
            },
        }).catch((e) => (err = e));
        expect(err).to.be.instanceOf(PlanError);
        expect((err as PlanError).exitCode).to.equal(1);
        expect((err as PlanError).message).to.equal('The program for stack "dev" failed: cannot read x of undefined');
    });
});
