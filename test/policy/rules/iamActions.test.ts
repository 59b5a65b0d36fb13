import { expect } from "chai";
import { isWriteAction } from "../../../delivery/policies/rules/iamActions";

describe("policy iam-no-unscoped-write: which actions write", () => {
    it("reads: actions named Describe*, List*, Get* and BatchGet*, with wildcards after the verb, in any case", () => {
        for (const action of [
            "ec2:DescribeInstances",
            "s3:ListBucket",
            "ecr:GetAuthorizationToken",
            "ecr:BatchGetImage",
            "ec2:Describe*",
            "s3:Get*",
            "s3:getobject",
            "iam:List*",
        ]) {
            expect(isWriteAction(action), action).to.equal(false);
        }
    });

    it("writes: every other verb, any wildcard before or inside the verb, and anything without a service", () => {
        for (const action of [
            "s3:PutObject",
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:CreateTags",
            "ecr:BatchCheckLayerAvailability",
            "lambda:InvokeFunction",
            "s3:*",
            "s3:*Object",
            "s3:G*",
            "ec2:Getaway",
            "*",
        ]) {
            expect(isWriteAction(action), action).to.equal(true);
        }
    });
});
