import { expect } from "chai";
import { iamNoUnscopedWrite } from "../../../delivery/policies/rules/iam";
import { SECRET } from "../../../delivery/policies/values";
import { ACCOUNT, allows } from "../../helpers/iam";
import { findings, resource } from "../resources";

/** A resource no statement names: an unscoped grant reaches it, a scoped one does not. */
const SOMEONE_ELSES_GROUP = `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`;

const document = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const UNSCOPED = {
    Sid: "OpenAnything",
    Effect: "Allow",
    Action: ["ec2:DescribeSecurityGroups", "ec2:AuthorizeSecurityGroupIngress"],
    Resource: "*",
};
const TAG_SCOPED = { ...UNSCOPED, Sid: "OpenOwnGroups", Condition: { StringEquals: { "aws:ResourceTag/owner": "berth" } } };
const NAMED = { ...UNSCOPED, Sid: "OpenOneGroup", Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-berth` };
const READS = { Sid: "Discover", Effect: "Allow", Action: ["ec2:Describe*", "s3:List*"], Resource: "*" };
const TRANSPORT_ONLY = { ...UNSCOPED, Sid: "OverTls", Condition: { Bool: { "aws:SecureTransport": "true" } } };

const rolePolicy = (policy: unknown) => resource("aws:iam/rolePolicy:RolePolicy", "controller-inline", { role: "controller", policy });

describe("policy iam-no-unscoped-write", () => {
    it("passes writes scoped by a condition or to named resources, and reads on any resource", async () => {
        expect(findings(iamNoUnscopedWrite, rolePolicy(document(TAG_SCOPED, NAMED, READS)))).to.deep.equal([]);
        // AWS agrees: none of them lets the write reach a group the statements do not name or tag.
        const write = { action: "ec2:AuthorizeSecurityGroupIngress", resource: SOMEONE_ELSES_GROUP };
        for (const statement of [TAG_SCOPED, NAMED, READS]) {
            expect(await allows(document(statement), write), statement.Sid).to.equal(false);
        }
    });

    it("fails a write on any resource without a condition, and one conditioned only on transport, naming statement and actions", async () => {
        expect(findings(iamNoUnscopedWrite, rolePolicy(document(UNSCOPED, TRANSPORT_ONLY)))).to.deep.equal([
            "controller-inline: statement OpenAnything allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
            "controller-inline: statement OverTls allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
        ]);
        // AWS agrees: the write reaches a group nobody named.
        const write = {
            action: "ec2:AuthorizeSecurityGroupIngress",
            resource: SOMEONE_ELSES_GROUP,
            context: { "aws:SecureTransport": "true" },
        };
        expect(await allows(document(UNSCOPED), write)).to.equal(true);
        expect(await allows(document(TRANSPORT_ONLY), write)).to.equal(true);
    });

    it("fails NotAction, NotResource and service-wide ARNs, and names a statement without a Sid by its position", () => {
        const policy = resource("aws:iam/policy:Policy", "broad", {
            policy: document(
                { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" },
                { Effect: "Allow", Action: "s3:PutObject", NotResource: "arn:aws:s3:::audit/*" },
                { Effect: "Allow", Action: ["s3:DeleteObject"], Resource: ["arn:aws:s3:::*"] },
                { Effect: "Deny", Action: "*", Resource: "*" },
            ),
        });
        expect(findings(iamNoUnscopedWrite, policy)).to.deep.equal([
            "broad: statement #1 allows every action except iam:* on any resource without a condition",
            "broad: statement #2 allows s3:PutObject on any resource without a condition",
            "broad: statement #3 allows s3:DeleteObject on any resource without a condition",
        ]);
    });

    it("reads a role's inline policies, and parsed documents as well as JSON text", () => {
        const role = resource("aws:iam/role:Role", "ci", {
            assumeRolePolicy: "{}",
            inlinePolicies: [{ name: "push", policy: document(UNSCOPED) }],
        });
        const parsedDocument = resource("aws:iam/userPolicy:UserPolicy", "deployer", { policy: JSON.parse(document(UNSCOPED)) });
        expect(findings(iamNoUnscopedWrite, role, parsedDocument)).to.deep.equal([
            "ci: inline policy push: statement OpenAnything allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
            "deployer: statement OpenAnything allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
        ]);
    });

    it("does not judge a document it cannot read: a secret, or one computed at deploy", () => {
        expect(findings(iamNoUnscopedWrite, rolePolicy(SECRET))).to.deep.equal([]);
    });

    it("fails an attachment of the stack's own policy that is unscoped, found by ARN or, in the plan, by dependency", () => {
        const policy = resource("aws:iam/policy:Policy", "broad", { policy: document(UNSCOPED) });
        const byDependency = resource(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "ci-broad",
            { role: "ci", policyArn: `arn:aws:iam::${ACCOUNT}:policy/broad-1a2b3c` },
            { dependencies: [policy.urn] },
        );
        const withArn = resource("aws:iam/policy:Policy", "broad-with-arn", {
            policy: document(UNSCOPED),
            arn: `arn:aws:iam::${ACCOUNT}:policy/b`,
        });
        const byArn = resource("aws:iam/role:Role", "deployer", { managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/b`] });
        expect(findings(iamNoUnscopedWrite, policy, byDependency, withArn, byArn)).to.deep.equal([
            "broad: statement OpenAnything allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
            "broad-with-arn: statement OpenAnything allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
            "ci-broad: attaches broad, whose statement OpenAnything allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
            "deployer: attaches broad-with-arn, whose statement OpenAnything allows ec2:AuthorizeSecurityGroupIngress on any resource without a condition",
        ]);
    });

    it("passes attachments of AWS-managed policies and of scoped policies of the stack", () => {
        const scoped = resource("aws:iam/policy:Policy", "scoped", { policy: document(TAG_SCOPED) });
        expect(
            findings(
                iamNoUnscopedWrite,
                scoped,
                resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "node-worker", {
                    policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                }),
                resource(
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    "ci-scoped",
                    { policyArn: "arn:aws:iam::1:policy/s" },
                    { dependencies: [scoped.urn] },
                ),
            ),
        ).to.deep.equal([]);
    });
});
