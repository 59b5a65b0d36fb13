import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { PlanError } from "../../delivery/errors";
import { planStack } from "../../delivery/plan";
import { REPO } from "../helpers/plans";

/** A project folder holding only a stack file, planned with the repository's real program. */
function stackWith(stack: string, yaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-config-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    return dir;
}

async function planFailure(stack: string, yaml: string): Promise<PlanError> {
    const failure = await planStack({ stack, dir: stackWith(stack, yaml), program: path.join(REPO, "index.ts") }).then(
        () => undefined,
        (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(PlanError);
    return failure as PlanError;
}

// One mistake of every kind, each commented with its kind.
const EVERY_KIND_OF_MISTAKE = `
config:
  aws:region: eu-west-1
  platfrom:tags:                        # unknown namespace
    team: platform
  platform:tags:
    aws:owner: me                       # tag limit: the aws: prefix is AWS's
  platform:allowedAccountIds: [012345678901]  # type: YAML reads it as a number
  platform:registry:
    repositories: [{ name: storefront }]  # prod-only rule: CI is then required
  platform:ingress: { domains: [apps.example.com], tls: { gatewaySecret: apps-tls } }
  platform:clusters:
    - name: prod-euw1
      region: eu-west-9                 # region
      network: { cidr: 10.20.0.0/16 }
      endpoint: { publicAccessCidrs: ["0.0.0.0/0"] }  # prod-only rule
      nodePool: []                      # unknown key
      systemPool: { maxSize: 2 }        # cross-field, against the prod default
      nodePools:
        - name: spot
          capacityType: SPOT
          instanceTypes: [m6i.large, m6a.large, m5.large]
          minSize: 3
          maxSize: 1                    # cross-field
          desiredSize: 1.5              # type: a whole number
`;

describe("stack config: every problem in one run", () => {
    it("reports a mistake of every kind at once, each by its key path, with exit code 2 and no stack trace", async () => {
        const failure = await planFailure("prod", EVERY_KIND_OF_MISTAKE);
        expect(failure.exitCode).to.equal(2);
        expect(failure.cause).to.equal(undefined);
        expect(failure.problems).to.deep.equal([
            `platfrom:tags: unknown namespace "platfrom": Berth's settings are under platform: (aws:, kubernetes:, pulumi: belong to the providers and Pulumi); did you mean platform:tags?`,
            'platform:allowedAccountIds[0]: must be quoted, such as "012345678901": YAML reads an unquoted account id as a number and drops its leading zeros (got 12345678901)',
            'platform:tags.aws:owner: must not start with aws:, which AWS reserves for its own tags (got "aws:owner")',
            'platform:clusters[0].region: is not an AWS region (the eu-west regions are eu-west-1, eu-west-2, eu-west-3) (got "eu-west-9")',
            "platform:clusters[0].systemPool.maxSize: must be >= minSize (got 2; minSize 3, the prod default)",
            "platform:clusters[0].systemPool.desiredSize: must be between minSize and maxSize (got 3, the prod default; minSize 3, the prod default; maxSize 2)",
            "platform:clusters[0].nodePools[0].desiredSize: must be a whole number (got 1.5)",
            "platform:clusters[0].nodePools[0].maxSize: must be >= minSize (got 1, minSize 3)",
            "platform:clusters[0].nodePool: unknown key; did you mean nodePools?",
            'platform:clusters[0].endpoint.publicAccessCidrs: must not open the prod API to 0.0.0.0/0 (got ["0.0.0.0/0"])',
            "platform:registry.ci: is required in prod: name the role CI pushes with (pushRoleArn) or the GitHub repository whose workflows push (githubOidc)",
            // The hub's only pool is spot, where prod's Elasticsearch tiers may not run by default.
            'platform:logging.hot.capacity: needs a node pool of capacity type ON_DEMAND on the hub cluster prod-euw1, where Elasticsearch runs (its pools: spot): add one, or choose another capacity ("on-demand", "spot" or "system") (got "on-demand")',
            'platform:logging.warm.capacity: needs a node pool of capacity type ON_DEMAND on the hub cluster prod-euw1, where Elasticsearch runs (its pools: spot): add one, or choose another capacity ("on-demand", "spot" or "system") (got "on-demand")',
        ]);
        for (const line of [failure.message, ...failure.problems]) {
            expect(line).not.to.match(/\n\s+at /);
        }
    });

    it("says so when a stack file is not a mapping, or its settings lack the config: wrapper", async () => {
        const list = await planFailure("dev", "- platform:clusters: []\n");
        expect(list.exitCode).to.equal(2);
        expect(list.message).to.match(/Pulumi\.dev\.yaml: must be a mapping with a config: section \(got a list\)$/);
        const unwrapped = await planFailure("dev", "aws:region: eu-west-1\nplatform:clusters:\n  - name: dev-euw1\n");
        expect(unwrapped.exitCode).to.equal(2);
        expect(unwrapped.message).to.match(
            /Pulumi\.dev\.yaml: aws:region, platform:clusters are at the top level: settings go under a config: line, indented below it$/,
        );
        const notMapping = await planFailure("dev", "config: [platform:clusters]\n");
        expect(notMapping.message).to.match(
            /Pulumi\.dev\.yaml: config: must be a mapping of settings such as platform:clusters \(got a list\)$/,
        );
    });

    it("reads an empty stack file as a stack without config", async () => {
        const empty = await planFailure("dev", "");
        expect(empty.exitCode).to.equal(2);
        expect(empty.problems).to.deep.equal(["platform:clusters: is required"]);
    });
});
