import { expect } from "chai";
import { partitionAndAccount, secretPathPrefix, secretsReadPolicy } from "../../../components";
import { ACCOUNT, allowedActionsOffThread, allows } from "../../helpers/iam";

const policy = secretsReadPolicy({ partition: "aws", region: "eu-west-1", account: ACCOUNT, prefix: secretPathPrefix("prod") });
/** A secret's ARN as Secrets Manager gives it: the name, "-" and six random characters. */
const secret = (name: string, region = "eu-west-1", account = ACCOUNT) =>
    `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
const READS = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:ListSecretVersionIds"];

describe("External Secrets Operator IAM policy", () => {
    // Asked for as mocha loads this file: the sweep runs in the worker thread meanwhile (test/helpers/offThread.ts).
    const allowedInPrefix = allowedActionsOffThread(policy, ["secretsmanager", "kms", "iam"], {
        resources: { "secretsmanager:Secret": secret("berth/prod/storefront/database") },
    });

    it("reads the environment's secrets, whatever the application or depth below the prefix", async () => {
        for (const name of ["berth/prod/storefront/database", "berth/prod/platform/grafana-admin", "berth/prod/a/b/c"]) {
            for (const action of READS) {
                expect(await allows(policy, { action, resource: secret(name) }), `${action} ${name}`).to.equal(true);
            }
        }
    });

    it("reads nothing of another environment, nor a name that only starts like the prefix", async () => {
        for (const name of [
            "berth/dev/storefront/database",
            "berth/production/storefront/database",
            "berth/prod",
            "storefront/database",
            "other/berth/prod/x",
        ]) {
            expect(await allows(policy, { action: "secretsmanager:GetSecretValue", resource: secret(name) }), name).to.equal(false);
        }
    });

    it("reads only in the cluster's region and the role's account", async () => {
        const name = "berth/prod/storefront/database";
        expect(await allows(policy, { action: "secretsmanager:GetSecretValue", resource: secret(name, "us-east-1") })).to.equal(false);
        expect(
            await allows(policy, { action: "secretsmanager:GetSecretValue", resource: secret(name, "eu-west-1", "210987654321") }),
        ).to.equal(false);
    });

    it("allows exactly the three reads, even on its own secrets: no write, no delete, no listing of every name, no KMS", async () => {
        expect(await allowedInPrefix).to.deep.equal(READS);
        for (const action of ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"]) {
            expect(await allows(policy, { action, resource: "*" }), action).to.equal(false);
        }
    });

    it("takes the partition and account from the cluster's OIDC provider ARN", () => {
        expect(partitionAndAccount(`arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC`)).to.deep.equal({
            partition: "aws",
            account: ACCOUNT,
        });
        expect(partitionAndAccount("arn:aws-cn:iam::123456789012:oidc-provider/x").partition).to.equal("aws-cn");
        expect(() => partitionAndAccount("not-an-arn")).to.throw(/not an IAM ARN/);
    });
});
