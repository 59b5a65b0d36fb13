import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as YAML from "yaml";
import { parsePlatformConfig } from "../../stacks/config";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";
import { REPO } from "../helpers/plans";

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
            const { config } = parsePlatformConfig({ allowedAccountIds: ACCOUNT_IDS, clusters: [prodCluster()] }, { stack: "prod", today });
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
            const { config } = parsePlatformConfig(
                { environment: "prod", allowedAccountIds: ACCOUNT_IDS, clusters: [prodCluster()] },
                { stack: "staging-eu", today },
            );
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

        it("refuses unknown keys, so that a typo is not silently ignored, and names the key probably meant", () => {
            expect(
                problemsOf({
                    clusters: [cluster({ nodePool: [], systemPool: { maxsize: 3 }, network: { cidr: "10.10.0.0/16", zones: 2 } })],
                    regoin: "x",
                }),
            ).to.deep.equal([
                "platform:clusters[0].network.zones: unknown key; the keys here are cidr, availabilityZones, natGateways",
                "platform:clusters[0].systemPool.maxsize: unknown key; did you mean maxSize?",
                "platform:clusters[0].nodePool: unknown key; did you mean nodePools?",
                "platform:regoin: unknown key; the keys here are environment, allowedAccountIds, tags, hubCluster, clusters, autoscaling, ingress, dashboard, logging, monitoring, secrets, registry, workloads, budget, policies",
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
                'platform:clusters[0].nodePools[0].instanceTypes: lists m5.large more than once (got ["m5.large","m5.large","big"])',
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
                    hubCluster: "dev-b",
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
                    hubCluster: "c1",
                }),
            ).to.deep.equal([
                'platform:clusters[0].network.cidr: must be a /16 to /20 network: pods take their IPs from the VPC (got "10.10.0.0/24")',
                'platform:clusters[1].network.cidr: must be an IPv4 network in CIDR notation such as 10.0.0.0/16 (got "10.11.0.1/16")',
                'platform:clusters[2].network.availabilityZones[1]: must be a zone of eu-west-1 such as eu-west-1a (got "us-east-1b")',
            ]);
        });

        it("limits the prod public endpoint to configured CIDRs and keeps private access on", () => {
            expect(problemsOf({ allowedAccountIds: ACCOUNT_IDS, clusters: [prodCluster({ endpoint: {} })] }, "prod")).to.deep.equal([
                "platform:clusters[0].endpoint.publicAccessCidrs: is required in prod: list the CIDRs allowed to reach the public API (e.g. the CI runners'), or set publicAccess: false",
            ]);
            expect(
                problemsOf(
                    {
                        allowedAccountIds: ACCOUNT_IDS,
                        clusters: [prodCluster({ endpoint: { privateAccess: false, publicAccessCidrs: ["0.0.0.0/0"] } })],
                    },
                    "prod",
                ),
            ).to.deep.equal([
                "platform:clusters[0].endpoint.privateAccess: must be true in prod: nodes reach the API privately (got false)",
                'platform:clusters[0].endpoint.publicAccessCidrs: must not open the prod API to 0.0.0.0/0 (got ["0.0.0.0/0"])',
            ]);
        });

        it("accepts a prod cluster with no public endpoint at all", () => {
            const { config } = parsePlatformConfig(
                { allowedAccountIds: ACCOUNT_IDS, clusters: [prodCluster({ endpoint: { publicAccess: false } })] },
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

        it("refuses only a minor Berth has no versions for", () => {
            expect(problemsOf({ clusters: [cluster({ kubernetesVersion: "1.29" })] })).to.deep.equal([
                'platform:clusters[0].kubernetesVersion: is not a Kubernetes minor Berth has versions for (known: 1.35, 1.34, 1.33, 1.32) (got "1.29")',
            ]);
        });

        it("warns, never refuses, when a minor has left standard support, with what extended support costs", () => {
            const { config, warnings } = parsePlatformConfig(
                {
                    clusters: [
                        cluster({ kubernetesVersion: "1.33" }),
                        cluster({ name: "b1", network: { cidr: "10.11.0.0/16" }, kubernetesVersion: "1.32" }),
                    ],
                    hubCluster: "dev-euw1",
                },
                { stack: "dev", today },
            );
            expect(config.clusters.map((c) => c.kubernetesVersion)).to.deep.equal(["1.33", "1.32"]);
            expect(warnings).to.deep.equal([
                "platform:clusters[0].kubernetesVersion: 1.33 left EKS standard support on 2026-07-29; the cluster is in extended support at $0.60 instead of $0.10 per cluster-hour (about $365 more a month); upgrade to 1.34, then on to 1.35 (EKS upgrades one minor at a time)",
                "platform:clusters[1].kubernetesVersion: 1.32 left EKS standard support on 2026-03-23; the cluster is in extended support at $0.60 instead of $0.10 per cluster-hour (about $365 more a month); upgrade to 1.33, then on to 1.35 (EKS upgrades one minor at a time)",
            ]);
        });

        it("warns, never refuses, when a minor has left extended support too, and EKS upgrades the control plane by itself", () => {
            const { warnings } = parsePlatformConfig(
                { clusters: [cluster({ kubernetesVersion: "1.32" })] },
                { stack: "dev", today: new Date("2027-04-01T12:00:00Z") },
            );
            expect(warnings).to.deep.equal([
                "platform:clusters[0].kubernetesVersion: 1.32 left EKS extended support on 2027-03-23: EKS upgrades such a control plane to the oldest minor still in extended support by itself, leaving this config, the node groups and the add-ons behind, and bills extended support at $0.60 per cluster-hour; upgrade to 1.33, then on to 1.35 (EKS upgrades one minor at a time)",
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

        it("still accepts the shipped stacks after their minor has left standard support, with one warning per cluster", () => {
            for (const stack of ["dev", "prod"]) {
                const file = YAML.parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as {
                    config: Record<string, unknown>;
                };
                const { config, warnings } = parsePlatformConfig(file.config, { stack, today: new Date("2027-04-01T12:00:00Z") });
                expect(warnings, stack).to.deep.equal(
                    config.clusters.map(
                        (_, index) =>
                            `platform:clusters[${index}].kubernetesVersion: 1.35 left EKS standard support on 2027-03-27; the cluster is in extended support at $0.60 instead of $0.10 per cluster-hour (about $365 more a month); no newer minor is pinned in this Berth yet: update Berth, then upgrade`,
                    ),
                );
            }
        });
    });

    describe("node pools", () => {
        const spot = (overrides: Record<string, unknown>) => ({
            name: "spot",
            capacityType: "SPOT",
            instanceTypes: ["m6i.large", "m6a.large", "m5.large"],
            minSize: 0,
            maxSize: 3,
            desiredSize: 1,
            ...overrides,
        });

        it("says so when an environment default takes part in a size rule", () => {
            expect(problemsOf({ clusters: [cluster({ systemPool: { minSize: 4 } })] })).to.deep.equal([
                "platform:clusters[0].systemPool.maxSize: must be >= minSize (got 3, the dev default; minSize 4)",
                "platform:clusters[0].systemPool.desiredSize: must be between minSize and maxSize (got 2, the dev default; minSize 4; maxSize 3, the dev default)",
            ]);
            expect(
                problemsOf(
                    { allowedAccountIds: ACCOUNT_IDS, clusters: [prodCluster({ systemPool: { maxSize: 2, desiredSize: 2 } })] },
                    "prod",
                ),
            ).to.deep.equal([
                "platform:clusters[0].systemPool.maxSize: must be >= minSize (got 2; minSize 3, the prod default)",
                "platform:clusters[0].systemPool.desiredSize: must be between minSize and maxSize (got 2; minSize 3, the prod default; maxSize 2)",
            ]);
        });

        it("resolves a partly given system pool against the environment's defaults", () => {
            const { config } = parsePlatformConfig({ clusters: [cluster({ systemPool: { maxSize: 5 } })] }, { stack: "dev", today });
            expect(config.clusters[0].systemPool).to.deep.equal({
                instanceTypes: ["t3.large"],
                minSize: 1,
                maxSize: 5,
                desiredSize: 2,
                diskSizeGiB: 50,
            });
        });

        it("wants whole numbers of nodes, and no more in one pool than EKS runs in a managed node group", () => {
            expect(
                problemsOf({
                    clusters: [cluster({ nodePools: [spot({ desiredSize: 1.5, maxSize: 451 })], systemPool: { diskSizeGiB: 50.5 } })],
                }),
            ).to.deep.equal([
                "platform:clusters[0].systemPool.diskSizeGiB: must be a whole number (got 50.5)",
                'platform:clusters[0].nodePools[0].maxSize: must be <= 450: EKS runs at most 450 nodes in one managed node group (service quota "Nodes per managed node group"); split the pool (got 451)',
                "platform:clusters[0].nodePools[0].desiredSize: must be a whole number (got 1.5)",
            ]);
        });

        it("keeps a cluster's pools within EKS's managed node groups per cluster, the system pool included", () => {
            const pools = Array.from({ length: 30 }, (_, index) => spot({ name: `spot-${index}` }));
            expect(problemsOf({ clusters: [cluster({ nodePools: pools })] })).to.deep.equal([
                'platform:clusters[0].nodePools: must have at most 29 pools: EKS allows 30 managed node groups per cluster (service quota "Managed node groups per cluster") and the system pool is one (got 30)',
            ]);
        });

        it("refuses a pool that mixes architectures, and accepts an ARM-only one", () => {
            expect(
                problemsOf({
                    clusters: [
                        cluster({
                            systemPool: { instanceTypes: ["m7g.large", "t3.large"] },
                            nodePools: [spot({ instanceTypes: ["m7g.large", "c7g.large", "m6i.large"] })],
                        }),
                    ],
                }),
            ).to.deep.equal([
                'platform:clusters[0].systemPool.instanceTypes: mixes architectures (arm64: m7g.large; x86_64: t3.large): a node group boots one AMI, so split it into two pools (got ["m7g.large","t3.large"])',
                'platform:clusters[0].nodePools[0].instanceTypes: mixes architectures (arm64: m7g.large, c7g.large; x86_64: m6i.large): a node group boots one AMI, so split it into two pools (got ["m7g.large","c7g.large","m6i.large"])',
            ]);
            const { config } = parsePlatformConfig(
                {
                    clusters: [
                        cluster({
                            systemPool: { instanceTypes: ["m7g.large"] },
                            nodePools: [spot({ instanceTypes: ["m7g.large", "c7g.large", "r7g.large"] })],
                        }),
                    ],
                },
                { stack: "dev", today },
            );
            expect(config.clusters[0].nodePools[0].instanceTypes).to.deep.equal(["m7g.large", "c7g.large", "r7g.large"]);
        });

        it("runs the rules across a pool's keys even when another key of it has the wrong type", () => {
            expect(
                problemsOf({
                    clusters: [
                        cluster({ nodePools: [spot({ name: 7, instanceTypes: ["m6i.large"], minSize: 3, maxSize: 1, desiredSize: "1" })] }),
                    ],
                }),
            ).to.deep.equal([
                "platform:clusters[0].nodePools[0].name: must be text (got 7)",
                'platform:clusters[0].nodePools[0].desiredSize: must be a number (got "1")',
                "platform:clusters[0].nodePools[0].maxSize: must be >= minSize (got 1, minSize 3)",
                "platform:clusters[0].nodePools[0].instanceTypes: a SPOT pool needs at least 3 instance types so that capacity-optimized allocation can find capacity (got 1)",
            ]);
        });
    });

    describe("accounts and the hub", () => {
        it("requires the allowed account ids in prod, and says why", () => {
            expect(problemsOf({ clusters: [prodCluster()] }, "prod")).to.deep.equal([
                'platform:allowedAccountIds: is required in prod: every AWS provider then refuses to deploy with credentials of another account; list the account ids, quoted (["123456789012"])',
            ]);
        });

        it("passes the allowed account ids on in prod and leaves them out in dev when not given", () => {
            const prod = parsePlatformConfig({ allowedAccountIds: ["012345678901"], clusters: [prodCluster()] }, { stack: "prod", today });
            expect(prod.config.allowedAccountIds).to.deep.equal(["012345678901"]);
            expect(parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today }).config.allowedAccountIds).to.equal(undefined);
        });

        it("refuses an unquoted account id, which YAML reads as a number without its leading zero", () => {
            expect(problemsOf({ allowedAccountIds: [12345678901, "1234", "12345678901x"], clusters: [cluster()] })).to.deep.equal([
                'platform:allowedAccountIds[0]: must be quoted, such as "012345678901": YAML reads an unquoted account id as a number and drops its leading zeros (got 12345678901)',
                'platform:allowedAccountIds[1]: must be a 12-digit AWS account id (got "1234")',
                'platform:allowedAccountIds[2]: must be a 12-digit AWS account id (got "12345678901x")',
            ]);
            expect(problemsOf({ allowedAccountIds: [], clusters: [cluster()] })).to.deep.equal([
                "platform:allowedAccountIds: must have at least 1 item (got 0)",
            ]);
        });

        it("needs the hub named when there is more than one cluster, and takes the only cluster otherwise", () => {
            const two = [cluster(), cluster({ name: "dev-use1", region: "us-east-1", network: { cidr: "10.11.0.0/16" } })];
            expect(problemsOf({ clusters: two })).to.deep.equal([
                "platform:hubCluster: is required with more than one cluster: name the one that holds the registry and that the others peer with (dev-euw1, dev-use1), so that reordering platform:clusters moves neither",
            ]);
            const reordered = parsePlatformConfig({ clusters: [...two].reverse(), hubCluster: "dev-euw1" }, { stack: "dev", today });
            expect(reordered.config.hubCluster).to.equal("dev-euw1");
            expect(parsePlatformConfig({ clusters: [cluster()] }, { stack: "dev", today }).config.hubCluster).to.equal("dev-euw1");
        });
    });

    describe("messages", () => {
        it("names the expected type in words", () => {
            expect(
                problemsOf({ clusters: [cluster({ adminRoleArns: "arn", endpoint: "open", secretsEncryption: "yes" })], hubCluster: 3 }),
            ).to.deep.equal([
                "platform:hubCluster: must be text (got 3)",
                'platform:clusters[0].endpoint: must be a map (got "open")',
                'platform:clusters[0].secretsEncryption: must be true or false (got "yes")',
                'platform:clusters[0].adminRoleArns: must be a list (got "arn")',
            ]);
        });

        it("counts problems in English in the error's header", () => {
            const header = (raw: Record<string, unknown>) => {
                try {
                    parsePlatformConfig(raw, { stack: "dev", today });
                } catch (error) {
                    return (error as Error).message.split("\n")[0];
                }
                return "accepted";
            };
            expect(header({})).to.equal("Invalid stack config (1 problem):");
            expect(header({ clusters: [cluster({ region: "x", name: "X" })] })).to.equal("Invalid stack config (2 problems):");
        });
    });
});
