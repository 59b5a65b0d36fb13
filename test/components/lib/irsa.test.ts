import { expect } from "chai";
import { irsaTrustPolicy } from "../../../components/lib/irsa";
import { ACCOUNT, trustsWebIdentity } from "../../helpers/iam";

describe("IRSA trust policy", () => {
    const issuer = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`;
    const trust = irsaTrustPolicy(provider, issuer, { namespace: "kube-system", name: "ebs-csi-controller-sa" });
    /** A projected service-account token of the cluster behind `tokenProvider`, exchanged with STS. */
    const token = (sub: string, aud = "sts.amazonaws.com", tokenProvider = provider) => ({ provider: tokenProvider, claims: { sub, aud } });

    it("lets the one service account assume the role through its cluster's OIDC provider", () => {
        expect(trustsWebIdentity(trust, token("system:serviceaccount:kube-system:ebs-csi-controller-sa"))).to.equal(true);
    });

    it("refuses every other service account, in the same namespace or another", () => {
        for (const sub of [
            "system:serviceaccount:kube-system:ebs-csi-node-sa",
            "system:serviceaccount:default:ebs-csi-controller-sa",
            "system:serviceaccount:kube-system:ebs-csi-controller-sa-2",
        ]) {
            expect(trustsWebIdentity(trust, token(sub)), sub).to.equal(false);
        }
    });

    it("refuses tokens minted for another audience, and the same service account of another cluster", () => {
        const sub = "system:serviceaccount:kube-system:ebs-csi-controller-sa";
        expect(trustsWebIdentity(trust, token(sub, "https://kubernetes.default.svc"))).to.equal(false);
        const otherCluster = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/XYZ`;
        expect(trustsWebIdentity(trust, token(sub, "sts.amazonaws.com", otherCluster))).to.equal(false);
    });
});
