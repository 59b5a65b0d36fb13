import { expect } from "chai";
import { irsaTrustPolicy } from "../../../components/lib/irsa";

describe("IRSA trust policy", () => {
    it("trusts exactly one service account of one cluster's OIDC provider, for STS only", () => {
        const arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        const policy = JSON.parse(
            irsaTrustPolicy(arn, "oidc.eks.eu-west-1.amazonaws.com/id/ABC", { namespace: "kube-system", name: "ebs-csi-controller-sa" }),
        );
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:ebs-csi-controller-sa",
                            "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
                        },
                    },
                },
            ],
        });
    });
});
