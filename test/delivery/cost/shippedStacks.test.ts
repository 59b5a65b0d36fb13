import * as path from "path";
import { expect } from "chai";
import { estimateCost } from "../../../delivery/cost/estimate";
import { PRICES_DIR, readRegionPrices } from "../../../delivery/cost/prices";
import type { CostEstimate, CostItem } from "../../../delivery/cost/types";
import type { PlanDocument } from "../../../delivery/plan";
import { planOf } from "../../helpers/plans";

const euWest1 = readRegionPrices(path.join(PRICES_DIR, "eu-west-1.json"));
const usEast1 = readRegionPrices(path.join(PRICES_DIR, "us-east-1.json"));
const HOURS = 730;
const money = (amount: number) => Math.round(amount * 100) / 100;

/** The one item of the estimate with this scope, category and name. */
function item(cost: CostEstimate, scope: string, category: CostItem["category"], name: string): CostItem {
    const found = cost.items.filter((i) => i.scope === scope && i.category === category && i.name === name);
    expect(found, `${scope} ${category} ${name}`).to.have.length(1);
    return found[0];
}

/** A spot pool's hourly price as the estimate makes it: the mean of its types' on-demand prices less their savings. */
function spotHourly(prices: typeof euWest1, types: string[]): number {
    const each = types.map((type) => prices.ec2[type].onDemandHourly * (1 - prices.spot.savingsPercent[type] / 100));
    return Number((each.reduce((a, b) => a + b, 0) / types.length).toFixed(4));
}

describe("cost estimate of the shipped stacks", () => {
    let devPlan: PlanDocument;
    let dev: CostEstimate;
    let prod: CostEstimate;
    before(async () => {
        let prodPlan: PlanDocument;
        [devPlan, prodPlan] = await Promise.all([planOf("dev"), planOf("prod")]);
        [dev, prod] = [devPlan.cost!, prodPlan.cost!];
    });

    it("prices each EKS control plane at standard support on the suite's day: $0.10 a cluster-hour for 730 hours", () => {
        for (const [cost, scope] of [
            [dev, "dev-euw1"],
            [prod, "prod-euw1"],
            [prod, "prod-use1"],
        ] as const) {
            const controlPlane = item(cost, scope, "control plane", scope);
            expect(controlPlane).to.include({ monthly: money(0.1 * HOURS), min: 73, max: 73 });
            expect(controlPlane.detail).to.equal("EKS standard support: $0.1/h × 730 h");
        }
    });

    it("prices a cluster past the end of standard support at extended support, six times the price", () => {
        const extended = estimateCost({ ...devPlan, outputs: { ...devPlan.outputs, controlPlaneSupport: { "dev-euw1": "extended" } } });
        expect(item(extended, "dev-euw1", "control plane", "dev-euw1").monthly).to.equal(money(euWest1.eks.extendedPerClusterHour * HOURS));
        expect(item(extended, "dev-euw1", "control plane", "dev-euw1").monthly).to.equal(438);
    });

    it("prices dev's on-demand system pool at its first instance type: 2 t3.large at start, 1 to 3 as it scales", () => {
        const system = item(dev, "dev-euw1", "nodes", "system");
        const hourly = euWest1.ec2["t3.large"].onDemandHourly;
        expect(system).to.include({ monthly: money(2 * hourly * HOURS), min: money(hourly * HOURS), max: money(3 * hourly * HOURS) });
        expect(system.monthly).to.equal(133.15);
        expect(system.onDemand).to.equal(undefined);
    });

    it("prices dev's spot pool at the mean of its types' spot prices, 1 node at start and 0 to 6, against its first type on demand", () => {
        const spot = item(dev, "dev-euw1", "nodes", "spot-general");
        const hourly = spotHourly(euWest1, ["m6i.large", "m6a.large", "m5.large", "m7i.large"]);
        expect(spot).to.include({ monthly: money(hourly * HOURS), min: 0, max: money(6 * hourly * HOURS) });
        expect(spot.onDemand).to.deep.equal({ monthly: money(0.107 * HOURS), min: 0, max: money(6 * 0.107 * HOURS) });
        expect(spot.monthly).to.be.below(spot.onDemand!.monthly / 2);
    });

    it("raises prod's hub on-demand pool from 0 to the 3 m6i.xlarge nodes Elasticsearch and Kibana need, pinned to on-demand capacity", () => {
        const onDemand = item(prod, "prod-euw1", "nodes", "ondemand-general");
        const hourly = euWest1.ec2["m6i.xlarge"].onDemandHourly;
        // 3 hot (2 CPU, 8 GiB) + 2 warm (1 CPU, 4 GiB) + 2 Kibana pods on nodes offering 85% of 4 vCPU and 16 GiB.
        expect(onDemand).to.include({
            monthly: money(3 * hourly * HOURS),
            min: money(3 * hourly * HOURS),
            max: money(10 * hourly * HOURS),
        });
        expect(onDemand.monthly).to.equal(468.66);
        expect(onDemand.detail).to.contain("raised from the starting size 0 to fit the requests of prod-euw1-logging-elasticsearch hot");
        expect(onDemand.assumptions).to.include("allocatableShare");
        // Nothing is pinned to the spoke's on-demand pool: it stays at its starting size.
        expect(item(prod, "prod-use1", "nodes", "ondemand-general")).to.include({ monthly: 0, min: 0, max: money(8 * 0.192 * HOURS) });
    });

    it("prices root volumes from the launch templates: 50 GiB gp3 per node, following the node count", () => {
        expect(item(prod, "prod-euw1", "root volumes", "spot-general")).to.include({
            monthly: money(3 * 50 * euWest1.ebs.gp3),
            min: money(3 * 50 * euWest1.ebs.gp3),
            max: money(30 * 50 * euWest1.ebs.gp3),
        });
        expect(item(prod, "prod-use1", "root volumes", "system")).to.include({ monthly: money(3 * 50 * usEast1.ebs.gp3), max: 24 });
    });

    it("prices the Elasticsearch and Prometheus volumes from their specs and Helm values, in their storage class's EBS type", () => {
        expect(item(prod, "prod-euw1", "volumes", "prod-euw1-logging-elasticsearch hot").monthly).to.equal(
            money(3 * 150 * euWest1.ebs.gp3),
        );
        const warm = item(prod, "prod-euw1", "volumes", "prod-euw1-logging-elasticsearch warm");
        expect(warm.monthly).to.equal(money(2 * 700 * euWest1.ebs.st1));
        expect(warm.detail).to.equal("2 volumes × 700 GiB st1 × $0.05/GB-month");
        expect(item(prod, "prod-euw1", "volumes", "prod-euw1-monitoring-receiver").monthly).to.equal(money(2 * 200 * euWest1.ebs.gp3));
        expect(item(prod, "prod-use1", "volumes", "prod-use1-monitoring-stack prometheus").monthly).to.equal(
            money(2 * 100 * usEast1.ebs.gp3),
        );
        expect(item(prod, "prod-use1", "volumes", "prod-use1-monitoring-stack alertmanager").monthly).to.equal(
            money(2 * 2 * usEast1.ebs.gp3),
        );
        expect(item(dev, "dev-euw1", "volumes", "dev-euw1-logging-elasticsearch hot").monthly).to.equal(money(20 * euWest1.ebs.gp3));
    });

    it("counts NAT gateways per cluster with their hours and an assumed 100 GB each, in each region's prices", () => {
        const nat = (prices: typeof euWest1, n: number) => money(n * (prices.natGateway.perHour * HOURS + 100 * prices.natGateway.perGb));
        expect(item(dev, "dev-euw1", "NAT gateways", "dev-euw1 NAT gateways").monthly).to.equal(nat(euWest1, 1));
        expect(item(prod, "prod-euw1", "NAT gateways", "prod-euw1 NAT gateways").monthly).to.equal(nat(euWest1, 3));
        expect(item(prod, "prod-use1", "NAT gateways", "prod-use1 NAT gateways").monthly).to.equal(nat(usEast1, 3));
        expect(item(prod, "prod-use1", "NAT gateways", "prod-use1 NAT gateways").monthly).to.equal(112.05);
        expect(item(prod, "prod-euw1", "public IPv4", "prod-euw1 Elastic IPs").monthly).to.equal(money(3 * 0.005 * HOURS));
    });

    it("prices every LoadBalancer Service as one NLB, an internet-facing one with a public IPv4 address in each zone", () => {
        const nlbs = (cost: CostEstimate, scope: string) => cost.items.filter((i) => i.scope === scope && i.category === "load balancers");
        expect(nlbs(dev, "dev-euw1").map((i) => i.name)).to.have.members([
            "dev-euw1-ingress-gateway-nlb",
            "dev-euw1-dashboard-nlb",
            "dev-euw1-logging-elasticsearch-lb",
            "dev-euw1-logging-kibana-lb",
            "dev-euw1-monitoring-grafana-nlb",
        ]);
        const { perHour, perNlcuHour } = euWest1.networkLoadBalancer;
        // dev spans two zones, prod three.
        expect(item(dev, "dev-euw1", "load balancers", "dev-euw1-ingress-gateway-nlb").monthly).to.equal(
            money((perHour + perNlcuHour + 2 * 0.005) * HOURS),
        );
        expect(item(prod, "prod-euw1", "load balancers", "prod-euw1-ingress-gateway-nlb").monthly).to.equal(
            money((perHour + perNlcuHour + 3 * 0.005) * HOURS),
        );
        expect(item(dev, "dev-euw1", "load balancers", "dev-euw1-logging-kibana-lb").monthly).to.equal(
            money((perHour + perNlcuHour) * HOURS),
        );
        // Each cluster's dashboard has an internal NLB of its own.
        expect(nlbs(prod, "prod-euw1")).to.have.length(7);
        expect(nlbs(prod, "prod-use1")).to.have.length(2);
    });

    it("prices KMS keys, the snapshot bucket at its assumed size, and the images ECR lifecycle policies keep, replicas included", () => {
        expect(prod.items.filter((i) => i.category === "KMS keys").map((i) => [i.name, i.monthly])).to.have.deep.members([
            ["berth-prod-registry-kms", 1],
            ["berth-prod-registry-kms-us-east-1", 1],
            ["prod-euw1-secrets", 1],
            ["prod-use1-secrets", 1],
        ]);
        expect(item(prod, "prod-euw1", "S3", "prod-euw1-logging-snapshots").monthly).to.equal(money(200 * euWest1.s3.standardPerGbMonth));
        // prod keeps 50 release images a repository; each is stored in eu-west-1 and replicated to us-east-1.
        const storefront = item(prod, "(environment)", "ECR", "apps/storefront");
        expect(storefront.monthly).to.equal(money(50 * 0.2 * (euWest1.ecr.perGbMonth + usEast1.ecr.perGbMonth)));
        expect(item(dev, "(environment)", "ECR", "apps/storefront").monthly).to.equal(money(10 * 0.2 * euWest1.ecr.perGbMonth));
    });

    it("prices control-plane logs at the assumed 30 GB a cluster, at each region's ingestion price", () => {
        expect(item(prod, "prod-euw1", "control-plane logs", "prod-euw1").monthly).to.equal(
            money(30 * euWest1.cloudwatchLogs.ingestionPerGb),
        );
        expect(item(prod, "prod-use1", "control-plane logs", "prod-use1").monthly).to.equal(
            money(30 * usEast1.cloudwatchLogs.ingestionPerGb),
        );
    });

    it("adds up: the totals are the sums of the items, per cluster and for the environment", () => {
        for (const cost of [dev, prod]) {
            const sum = (items: CostItem[], key: "monthly" | "min" | "max") => money(items.reduce((total, i) => total + i[key], 0));
            expect(cost.monthly).to.equal(sum(cost.items, "monthly"));
            expect(cost.max).to.equal(sum(cost.items, "max"));
            for (const [scope, range] of Object.entries(cost.byScope)) {
                expect(range.monthly, scope).to.equal(
                    sum(
                        cost.items.filter((i) => i.scope === scope),
                        "monthly",
                    ),
                );
            }
            expect(cost.min).to.be.at.most(cost.monthly);
            expect(cost.max).to.be.above(cost.monthly);
        }
        expect(Object.keys(prod.byScope).sort()).to.deep.equal(["(environment)", "prod-euw1", "prod-use1"]);
    });

    it("prices everything the shipped stacks create: no notes of anything unpriced", () => {
        expect(dev.notes).to.deep.equal([]);
        expect(prod.notes).to.deep.equal([]);
        expect(prod.prices.map((p) => p.region)).to.deep.equal(["eu-west-1", "us-east-1"]);
    });

    it("lists the assumptions its items rest on, each with its figure", () => {
        expect(prod.assumptions.map((a) => [a.id, a.figure])).to.deep.equal([
            ["hoursPerMonth", 730],
            ["natGbPerGateway", 100],
            ["nlcuPerLoadBalancer", 1],
            ["controlPlaneLogGbPerCluster", 30],
            ["s3GbPerBucket", 200],
            ["ecrGbPerImage", 0.2],
            ["ecrGbPerPullThroughCache", 10],
            ["allocatableShare", 0.85],
        ]);
        expect(dev.assumptions.map((a) => a.id)).to.not.include("allocatableShare");
    });

    it("is the plan document's cost field, as JSON: the estimate of the document's own resources", () => {
        const { cost, ...document } = devPlan;
        expect(JSON.parse(JSON.stringify(devPlan)).cost).to.deep.equal(cost);
        expect(estimateCost(document as PlanDocument)).to.deep.equal(cost);
        expect(cost).to.include({ currency: "USD" });
        expect(Object.keys(cost!)).to.include.members(["currency", "monthly", "min", "max", "items"]);
    });
});
