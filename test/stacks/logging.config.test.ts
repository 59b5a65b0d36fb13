import { expect } from "chai";
import { parsePlatformConfig } from "../../stacks/config";
import { ACCOUNT_IDS, cluster, problemsOf, prodCluster, today } from "../helpers/config";

/** A valid prod config of one cluster (on-demand pool included, as prod's defaults have one), with `logging`. */
const prod = (logging?: Record<string, unknown>, clusterOverrides: Record<string, unknown> = {}) => ({
    allowedAccountIds: ACCOUNT_IDS,
    clusters: [prodCluster(clusterOverrides)],
    ...(logging ? { logging } : {}),
});
const dev = (logging?: Record<string, unknown>) => ({ clusters: [cluster()], ...(logging ? { logging } : {}) });

describe("stack config: logging", () => {
    it("gives dev one small node on the system pool for three days, without a warm tier or snapshots", () => {
        const { config } = parsePlatformConfig(dev(), { stack: "dev", today });
        expect(config.logging).to.deep.equal({
            enabled: true,
            lifecycle: { retentionDays: 3, rollover: { maxAgeDays: 1, maxPrimaryShardSizeGiB: 10 }, primaryShards: 1, replicas: 0 },
            hot: { count: 1, memoryGiB: 2, cpu: 0.5, storageGiB: 20, capacity: "system", volumeType: "gp3" },
            kibana: { replicas: 1 },
            allowedCidrs: [],
            shipper: { excludeNamespaces: [], bufferMiB: 512 },
        });
    });

    it("gives prod three on-demand hot nodes, a warm tier on st1 after a week, 30 days and daily snapshots", () => {
        const { config } = parsePlatformConfig(prod(), { stack: "prod", today });
        expect(config.logging.lifecycle).to.deep.equal({
            retentionDays: 30,
            warmAfterDays: 7,
            warmReplicas: 1,
            rollover: { maxAgeDays: 1, maxPrimaryShardSizeGiB: 50 },
            primaryShards: 1,
            replicas: 1,
        });
        expect(config.logging.hot).to.deep.include({ count: 3, capacity: "on-demand", volumeType: "gp3" });
        expect(config.logging.warm).to.deep.include({ count: 2, capacity: "on-demand", volumeType: "st1", storageGiB: 700 });
        expect(config.logging.snapshots).to.deep.equal({ schedule: "0 30 1 * * ?", keepDays: 30 });
    });

    it("takes each given key over the default and leaves the others", () => {
        const { config } = parsePlatformConfig(prod({ retentionDays: 14, warm: { count: 0 }, snapshots: { keepDays: 7 } }), {
            stack: "prod",
            today,
        });
        expect(config.logging.lifecycle).to.deep.equal({
            retentionDays: 14,
            rollover: { maxAgeDays: 1, maxPrimaryShardSizeGiB: 50 },
            primaryShards: 1,
            replicas: 1,
        });
        expect(config.logging).to.not.have.property("warm");
        expect(config.logging.snapshots).to.deep.equal({ schedule: "0 30 1 * * ?", keepDays: 7 });
    });

    describe("retention", () => {
        it("keeps dev to a few days and prod to at least a week, by key path and message", () => {
            expect(problemsOf(dev({ retentionDays: 30 }))).to.deep.equal([
                "platform:logging.retentionDays: must be from 1 to 14 days in dev: dev's single small node holds a few days of logs; keep longer ones in prod (got 30)",
            ]);
            expect(problemsOf(prod({ retentionDays: 5, warm: { count: 0 } }), "prod")).to.deep.equal([
                "platform:logging.retentionDays: must be from 7 to 365 days in prod: under a week loses what an incident noticed after a weekend needs, and beyond a year restore snapshots instead (got 5)",
            ]);
            expect(problemsOf(dev({ retentionDays: 0 }))).to.deep.equal(["platform:logging.retentionDays: must be >= 1 (got 0)"]);
        });

        it("refuses a retention that ends before the warm phase starts, naming the default it collides with", () => {
            expect(problemsOf(prod({ retentionDays: 7 }), "prod")).to.deep.equal([
                "platform:logging.retentionDays: must leave indices time on the warm tier: warmAfterDays (7, the prod default) must be below retentionDays (7) (got 7)",
            ]);
        });

        it("refuses an index written for longer than it is kept", () => {
            expect(problemsOf(dev({ retentionDays: 2, rollover: { maxAgeDays: 5 } }))).to.deep.equal([
                "platform:logging.rollover.maxAgeDays: must be <= retentionDays (2): an index written for longer than it is kept would hold logs past retention (got 5)",
            ]);
        });
    });

    describe("tiers", () => {
        it("requires warmAfterDays with a warm tier, and a warm tier with warmAfterDays", () => {
            expect(problemsOf(dev({ warm: { count: 1 } }))).to.deep.equal([
                "platform:logging.warmAfterDays: is required with a warm tier (platform:logging.warm.count is 1): the days after rollover at which indices move there",
                'platform:logging.warm.capacity: needs a node pool of capacity type ON_DEMAND on the hub cluster dev-euw1, where Elasticsearch runs (its pools: spot-general): add one, or choose another capacity ("on-demand", "spot" or "system") (got "on-demand")',
            ]);
            expect(problemsOf(dev({ warmAfterDays: 2 }))).to.deep.equal([
                "platform:logging.warmAfterDays: needs a warm tier: platform:logging.warm.count is 0, the dev default, so indices would wait forever to move (got 2)",
            ]);
        });

        it("never puts prod's hot tier on spot capacity", () => {
            expect(problemsOf(prod({ hot: { capacity: "spot" } }), "prod")).to.deep.equal([
                'platform:logging.hot.capacity: must not be spot in prod: a spot reclaim takes hot nodes (and the master quorum) at two minutes\' notice, across zones at once (got "spot")',
            ]);
            // dev may, where its spot pool is.
            expect(parsePlatformConfig(dev({ hot: { capacity: "spot" } }), { stack: "dev", today }).config.logging.hot.capacity).to.equal(
                "spot",
            );
        });

        it("refuses a capacity the hub has no pool of, naming the hub and its pools", () => {
            const spotOnly = {
                nodePools: [
                    {
                        name: "spot-a",
                        capacityType: "SPOT",
                        instanceTypes: ["m6i.xlarge", "m6a.xlarge", "m5.xlarge"],
                        minSize: 1,
                        maxSize: 5,
                        desiredSize: 1,
                    },
                ],
            };
            expect(problemsOf(prod({}, spotOnly), "prod")).to.deep.equal([
                'platform:logging.hot.capacity: needs a node pool of capacity type ON_DEMAND on the hub cluster prod-euw1, where Elasticsearch runs (its pools: spot-a): add one, or choose another capacity ("on-demand", "spot" or "system") (got "on-demand")',
                'platform:logging.warm.capacity: needs a node pool of capacity type ON_DEMAND on the hub cluster prod-euw1, where Elasticsearch runs (its pools: spot-a): add one, or choose another capacity ("on-demand", "spot" or "system") (got "on-demand")',
            ]);
            expect(
                parsePlatformConfig(prod({ hot: { capacity: "system" }, warm: { capacity: "spot" } }, spotOnly), { stack: "prod", today })
                    .config.logging.hot.capacity,
            ).to.equal("system");
        });

        it("refuses two hot nodes anywhere, fewer than three in prod, and HDD for the hot tier", () => {
            expect(problemsOf(dev({ hot: { count: 2 } }))).to.deep.equal([
                "platform:logging.hot.count: must be 1 or at least 3: the hot nodes are the master-eligible ones, and two cannot elect a master when one is gone (got 2)",
            ]);
            expect(problemsOf(prod({ hot: { count: 1, volumeType: "st1" }, replicas: 0 }), "prod")).to.deep.equal([
                "platform:logging.hot.count: must be at least 3 in prod: three nodes in three zones keep a master and every shard when a zone fails (got 1)",
                'platform:logging.hot.volumeType: must be gp3: the hot tier indexes and serves recent searches, which HDD volumes are too slow for (got "st1")',
            ]);
        });

        it("refuses an HDD volume below EBS's minimum and replicas the nodes cannot hold", () => {
            expect(problemsOf(prod({ warm: { storageGiB: 100 } }), "prod")).to.deep.equal([
                "platform:logging.warm.storageGiB: must be >= 125 on st1 (platform:logging.warm.volumeType): EBS creates no smaller HDD volume (got 100)",
            ]);
            expect(problemsOf(prod({ warm: { count: 1 } }), "prod")).to.deep.equal([
                "platform:logging.warm.count: leaves replicas unassigned: 1 replica(s) need more than 1 warm node(s), as no node holds two copies of a shard (platform:logging.warm.replicas 1, the prod default, warm.count 1) (got 1)",
            ]);
            expect(problemsOf(dev({ replicas: 1 }))).to.deep.equal([
                "platform:logging.replicas: leaves replicas unassigned: 1 replica(s) need more than 1 hot node(s), as no node holds two copies of a shard (platform:logging.replicas 1, hot.count 1, the dev default) (got 1)",
            ]);
        });
    });

    it("checks nothing, and builds nothing, when logging is turned off", () => {
        const { config } = parsePlatformConfig(prod({ enabled: false, hot: { capacity: "spot" } }), { stack: "prod", today });
        expect(config.logging.enabled).to.equal(false);
    });

    it("refuses unknown keys and malformed values by key path", () => {
        expect(
            problemsOf(dev({ retention: 3, snapshots: { schedule: "daily" }, shipper: { excludeNamespaces: ["Kube_System"] } })),
        ).to.deep.equal([
            'platform:logging.snapshots.schedule: must be an Elasticsearch cron expression such as "0 30 1 * * ?" (seconds first, UTC) (got "daily")',
            'platform:logging.shipper.excludeNamespaces[0]: must be a Kubernetes namespace name (got "Kube_System")',
            "platform:logging.retention: unknown key; did you mean retentionDays?",
        ]);
    });
});
