import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { parsePlatformConfig } from "../../stacks/config";
import { COMMERCIAL_REGIONS } from "../../stacks/config/regions";
import { cluster, problemsOf, today } from "../helpers/config";

const regionProblems = (region: string) => problemsOf({ clusters: [cluster({ region })] });

describe("stack config: regions", () => {
    it("accepts every commercial region of the AWS provider Berth deploys with", () => {
        const otherPartitions = /^(cn|us-gov|us-iso[a-z]?|eu-isoe|eusc)-/;
        const commercial = Object.values(aws.Region).filter((region) => !otherPartitions.test(region));
        expect([...COMMERCIAL_REGIONS].sort()).to.deep.equal([...commercial].sort());
        for (const region of COMMERCIAL_REGIONS) {
            const { config } = parsePlatformConfig(
                { clusters: [cluster({ region, network: { cidr: "10.10.0.0/16" } })] },
                { stack: "dev", today },
            );
            expect(config.clusters[0].region).to.equal(region);
        }
    });

    it("refuses a region that does not exist, naming the real ones nearby", () => {
        expect(regionProblems("eu-west-9")).to.deep.equal([
            'platform:clusters[0].region: is not an AWS region (the eu-west regions are eu-west-1, eu-west-2, eu-west-3) (got "eu-west-9")',
        ]);
        expect(regionProblems("eu-wset-1")).to.deep.equal([
            'platform:clusters[0].region: is not an AWS region; did you mean eu-west-1? (got "eu-wset-1")',
        ]);
        expect(regionProblems("Ireland")).to.deep.equal([
            'platform:clusters[0].region: must be an AWS region such as eu-west-1 (got "Ireland")',
        ]);
    });

    it("refuses the other partitions, whose ARNs Berth does not write", () => {
        expect(regionProblems("cn-north-1")).to.deep.equal([
            'platform:clusters[0].region: is a region of the aws-cn (AWS China) partition: Berth deploys only to the AWS commercial partition, whose ARNs (arn:aws:...) its components write (got "cn-north-1")',
        ]);
        expect(regionProblems("us-gov-west-1")).to.deep.equal([
            'platform:clusters[0].region: is a region of the aws-us-gov (AWS GovCloud) partition: Berth deploys only to the AWS commercial partition, whose ARNs (arn:aws:...) its components write (got "us-gov-west-1")',
        ]);
    });

    it("checks the regions of cache credentials against the same table, and reports a bad one once", () => {
        const secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-AbCdEf";
        expect(
            problemsOf({
                clusters: [cluster()],
                registry: { pullThroughCache: [{ upstream: "docker-hub", credentialArns: { "eu-west-1": secret, "eu-west-9": secret } }] },
            }),
        ).to.deep.equal([
            'platform:registry.pullThroughCache[0].credentialArns.eu-west-9: is not an AWS region (the eu-west regions are eu-west-1, eu-west-2, eu-west-3) (got "eu-west-9")',
        ]);
    });
});
