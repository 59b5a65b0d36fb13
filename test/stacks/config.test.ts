import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { cluster, problemsOf, prodCluster, today } from "../helpers/config";

describe("stack config", () => {
    describe("defaults", () => {
        it("gives dev one NAT gateway, two AZs, a small system pool, no KMS key and an open public endpoint", () => {
            const { config } = parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today });
            const dev = config.clusters[0];
            expect(config.environment).to.equal("dev");
            expect(dev.kubernetesVersion).to.equal("1.35");
            expect(dev.network).to.deep.equal({ cidr: "10.10.0.0/16", availabilityZones: 2, natGateways: "single" });
            expect(dev.endpoint).to.deep.equal({ privateAccess: true, publicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] });
            expect(dev.secretsEncryption).to.equal(false);
            expect(dev.deletionProtection).to.equal(false);
            expect(dev.systemPool).to.deep.equal({ instanceTypes: ["t3.large"], minSize: 1, maxSize: 3, desiredSize: 2, diskSizeGiB: 50 });
            expect(dev.nodePools.map((pool) => [pool.name, pool.capacityType])).to.deep.equal([["spot-general", "SPOT"]]);
            expect(config.hubCluster).to.equal("dev-euw1");
        });

        it("gives prod a NAT gateway per AZ, three AZs, secrets encryption, deletion protection and all control-plane logs", () => {
            const { config } = parsePlatformConfig({ clusters: [prodCluster()] }, { stack: "prod", today });
            const prod = config.clusters[0];
            expect(prod.network).to.deep.equal({ cidr: "10.20.0.0/16", availabilityZones: 3, natGateways: "perAz" });
            expect(prod.endpoint).to.deep.equal({ privateAccess: true, publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
            expect(prod.secretsEncryption).to.equal(true);
            expect(prod.deletionProtection).to.equal(true);
            expect(prod.controlPlaneLogs).to.deep.equal(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            expect(prod.systemPool.minSize).to.equal(3);
            expect(prod.nodePools.map((pool) => [pool.name, pool.capacityType])).to.deep.equal([
                ["spot-general", "SPOT"],
                ["ondemand-general", "ON_DEMAND"],
            ]);
        });

        it("takes the environment from platform:environment over the stack name", () => {
            const { config } = parsePlatformConfig({ environment: "prod", clusters: [prodCluster()] }, { stack: "staging-eu", today });
            expect(config.environment).to.equal("prod");
        });

        it("keeps given values over defaults", () => {
            const { config } = parsePlatformConfig(
                {
                    clusters: [
                        cluster({
                            network: { cidr: "10.10.0.0/18", availabilityZones: ["eu-west-1b", "eu-west-1c"], natGateways: "perAz" },
                        }),
                    ],
                },
                { stack: "dev", today },
            );
            expect(config.clusters[0].network).to.deep.equal({
                cidr: "10.10.0.0/18",
                availabilityZones: ["eu-west-1b", "eu-west-1c"],
                natGateways: "perAz",
            });
        });
    });

    describe("validation", () => {
        it("reports every problem at once, each with its key path and the value received", () => {
            const problems = problemsOf({
                clusters: [
                    cluster({
                        nodePools: [
                            {
                                name: "spot",
                                capacityType: "SPOT",
                                instanceTypes: ["m5.large", "m6i.large", "m6a.large"],
                                minSize: 3,
                                maxSize: 1,
                                desiredSize: 2,
                            },
                        ],
                    }),
                    cluster({ name: "dev-use1", region: "useast1", network: { cidr: "10.20.0.0/16" } }),
                ],
                hubCluster: "nowhere",
            });
            expect(problems).to.deep.equal([
                "platform:clusters[0].nodePools[0].maxSize: must be >= minSize (got 1, minSize 3)",
                "platform:clusters[0].nodePools[0].desiredSize: must be between minSize and maxSize (got 2, minSize 3, maxSize 1)",
                'platform:clusters[1].region: must be an AWS region such as eu-west-1 (got "useast1")',
                'platform:hubCluster: must name one of the clusters (dev-euw1, dev-use1) (got "nowhere")',
            ]);
        });

        it("requires clusters and names missing keys", () => {
            expect(problemsOf({})).to.deep.equal(["platform:clusters: is required"]);
            expect(problemsOf({ clusters: [{ name: "a1", region: "eu-west-1" }] })).to.deep.equal([
                "platform:clusters[0].network: is required",
            ]);
        });

        it("refuses unknown keys, so that a typo is not silently ignored", () => {
            expect(problemsOf({ clusters: [cluster({ nodepools: [] })], regoin: "x" })).to.deep.equal([
                "platform:clusters[0].nodepools: unknown key",
                "platform:regoin: unknown key",
            ]);
        });

        it("refuses a SPOT pool with fewer than three instance types", () => {
            const pools = [{ name: "spot", capacityType: "SPOT", instanceTypes: ["m5.large"], minSize: 0, maxSize: 2, desiredSize: 0 }];
            expect(problemsOf({ clusters: [cluster({ nodePools: pools })] })).to.deep.equal([
                "platform:clusters[0].nodePools[0].instanceTypes: a SPOT pool needs at least 3 instance types so that capacity-optimized allocation can find capacity (got 1)",
            ]);
        });

        it("requires at least one SPOT pool, unique pool names, and keeps 'system' for the platform pool", () => {
            const onDemand = (name: string) => ({
                name,
                capacityType: "ON_DEMAND",
                instanceTypes: ["m6i.large"],
                minSize: 0,
                maxSize: 2,
                desiredSize: 0,
            });
            expect(
                problemsOf({ clusters: [cluster({ nodePools: [onDemand("apps"), onDemand("apps"), onDemand("system")] })] }),
            ).to.deep.equal([
                'platform:clusters[0].nodePools[2].name: "system" is reserved for the platform pool; configure it under systemPool (got "system")',
                'platform:clusters[0].nodePools[1].name: is used by another node pool of this cluster (got "apps")',
                'platform:clusters[0].nodePools: must include at least one SPOT pool: spot capacity is what keeps the platform within budget (got ["apps","apps","system"])',
            ]);
        });

        it("checks instance types, taints and labels", () => {
            const pool = {
                name: "spot",
                capacityType: "SPOT",
                instanceTypes: ["m5.large", "m5.large", "big"],
                minSize: 0,
                maxSize: 2,
                desiredSize: 0,
                labels: { "bad key!": "x" },
                taints: [{ key: "dedicated", effect: "NoScheduleX" }],
            };
            expect(problemsOf({ clusters: [cluster({ nodePools: [pool] })] })).to.deep.equal([
                'platform:clusters[0].nodePools[0].instanceTypes[2]: must be an EC2 instance type such as m6i.large (got "big")',
                'platform:clusters[0].nodePools[0].labels.bad key!: must be a Kubernetes label key such as team or example.com/tier (got "bad key!")',
                'platform:clusters[0].nodePools[0].taints[0].effect: must be one of "NoSchedule", "PreferNoSchedule", "NoExecute" (got "NoScheduleX")',
            ]);
        });

        it("keeps the system pool at one node or more", () => {
            expect(problemsOf({ clusters: [cluster({ systemPool: { minSize: 0, desiredSize: 0 } })] })).to.deep.equal([
                "platform:clusters[0].systemPool.minSize: must be >= 1: platform add-ons run only on the system pool (got 0)",
            ]);
        });

        it("refuses duplicate cluster names and overlapping networks", () => {
            expect(
                problemsOf({
                    clusters: [
                        cluster(),
                        cluster({ region: "us-east-1", network: { cidr: "10.10.128.0/17" } }),
                        cluster({ name: "dev-b", network: { cidr: "10.11.0.0/16" } }),
                    ],
                }),
            ).to.deep.equal([
                'platform:clusters[1].name: duplicates platform:clusters[0].name (got "dev-euw1")',
                'platform:clusters[1].network.cidr: overlaps platform:clusters[0].network.cidr (10.10.0.0/16): peered VPCs need distinct networks (got "10.10.128.0/17")',
            ]);
        });

        it("checks network sizes and zone names", () => {
            expect(
                problemsOf({
                    clusters: [
                        cluster({ network: { cidr: "10.10.0.0/24" } }),
                        cluster({ name: "b1", network: { cidr: "10.11.0.1/16" } }),
                        cluster({ name: "c1", network: { cidr: "10.12.0.0/16", availabilityZones: ["eu-west-1a", "us-east-1b"] } }),
                    ],
                }),
            ).to.deep.equal([
                'platform:clusters[0].network.cidr: must be a /16 to /20 network: pods take their IPs from the VPC (got "10.10.0.0/24")',
                'platform:clusters[1].network.cidr: must be an IPv4 network in CIDR notation such as 10.0.0.0/16 (got "10.11.0.1/16")',
                'platform:clusters[2].network.availabilityZones[1]: must be a zone of eu-west-1 such as eu-west-1a (got "us-east-1b")',
            ]);
        });

        it("limits the prod public endpoint to configured CIDRs and keeps private access on", () => {
            expect(problemsOf({ clusters: [prodCluster({ endpoint: {} })] }, "prod")).to.deep.equal([
                "platform:clusters[0].endpoint.publicAccessCidrs: is required in prod: list the CIDRs allowed to reach the public API (e.g. the CI runners'), or set publicAccess: false",
            ]);
            expect(
                problemsOf({ clusters: [prodCluster({ endpoint: { privateAccess: false, publicAccessCidrs: ["0.0.0.0/0"] } })] }, "prod"),
            ).to.deep.equal([
                "platform:clusters[0].endpoint.privateAccess: must be true in prod: nodes reach the API privately (got false)",
                'platform:clusters[0].endpoint.publicAccessCidrs: must not open the prod API to 0.0.0.0/0 (got ["0.0.0.0/0"])',
            ]);
        });

        it("accepts a prod cluster with no public endpoint at all", () => {
            const { config } = parsePlatformConfig(
                { clusters: [prodCluster({ endpoint: { publicAccess: false } })] },
                { stack: "prod", today },
            );
            expect(config.clusters[0].endpoint).to.deep.equal({ privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
        });

        it("needs an environment when the stack name is not one", () => {
            expect(problemsOf({ clusters: [cluster()] }, "sandbox")).to.deep.equal([
                'platform:environment: is required when the stack name is not one of dev, prod (stack "sandbox")',
            ]);
            expect(problemsOf({ environment: "qa", clusters: [cluster()] })).to.deep.equal([
                'platform:environment: must be one of "dev", "prod" (got "qa")',
            ]);
        });
    });

    describe("Kubernetes version", () => {
        it("explains that an unquoted version is read as a number", () => {
            expect(problemsOf({ clusters: [cluster({ kubernetesVersion: 1.3 })] })).to.deep.equal([
                'platform:clusters[0].kubernetesVersion: must be a quoted string such as "1.35": YAML reads an unquoted 1.30 as the number 1.3 (got 1.3)',
            ]);
        });

        it("refuses a minor past the end of standard support and one Berth does not know", () => {
            expect(
                problemsOf({
                    clusters: [
                        cluster({ kubernetesVersion: "1.33" }),
                        cluster({ name: "b1", network: { cidr: "10.11.0.0/16" }, kubernetesVersion: "1.29" }),
                    ],
                }),
            ).to.deep.equal([
                'platform:clusters[0].kubernetesVersion: reached end of EKS standard support on 2026-07-29; upgrade to 1.35 (got "1.33")',
                'platform:clusters[1].kubernetesVersion: is not a Kubernetes minor Berth supports (supported: 1.35, 1.34, 1.33, 1.32) (got "1.29")',
            ]);
        });

        it("warns about a minor within 60 days of the end of standard support", () => {
            const { warnings } = parsePlatformConfig({ clusters: [cluster({ kubernetesVersion: "1.34" })] }, { stack: "dev", today });
            expect(warnings).to.deep.equal([
                "platform:clusters[0].kubernetesVersion: 1.34 leaves EKS standard support on 2026-12-02 (6 days); plan the upgrade",
            ]);
        });

        it("does not warn about the default minor", () => {
            expect(parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today }).warnings).to.deep.equal([]);
        });
    });
});
