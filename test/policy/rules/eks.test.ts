import { expect } from "chai";
import { eksControlPlaneLogging, eksPrivateEndpoint, eksSecretsEncryption } from "../../../delivery/policies/rules/eks";
import { UNKNOWN } from "../../../delivery/policies/values";
import { findings, resource } from "../resources";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/13e4c920-a9de-42f3-afa2-14d4053395ae";

/** The pulumi-eks component with the inputs Berth passes it, as the plan shows them. */
const component = (inputs: Record<string, unknown>) => resource("eks:index:Cluster", "prod-euw1-eks", inputs);
/** The control plane the component creates, as a real preview shows it. */
const controlPlane = (inputs: Record<string, unknown>) => resource("aws:eks/cluster:Cluster", "prod-euw1-eksCluster", inputs);

const SAFE_COMPONENT = {
    encryptionConfigKeyArn: KEY,
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    endpointPrivateAccess: true,
    endpointPublicAccess: true,
    publicAccessCidrs: ["203.0.113.0/24"],
};
const SAFE_CONTROL_PLANE = {
    encryptionConfig: { provider: { keyArn: KEY }, resources: ["secrets"] },
    enabledClusterLogTypes: ["audit"],
    vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, subnetIds: ["subnet-1"] },
};

describe("policy eks-secrets-encryption", () => {
    it("passes a cluster whose secrets a KMS key encrypts, in either view", () => {
        expect(findings(eksSecretsEncryption, component(SAFE_COMPONENT), controlPlane(SAFE_CONTROL_PLANE))).to.deep.equal([]);
    });

    it("fails a cluster without a key, and a control plane whose key encrypts something other than secrets", () => {
        const { encryptionConfigKeyArn: _key, ...withoutKey } = SAFE_COMPONENT;
        expect(
            findings(
                eksSecretsEncryption,
                component(withoutKey),
                controlPlane({ ...SAFE_CONTROL_PLANE, encryptionConfig: { provider: { keyArn: KEY }, resources: [] } }),
            ),
        ).to.deep.equal([
            "prod-euw1-eks: no KMS key encrypts Kubernetes secrets (set encryptionConfigKeyArn, or encryptionConfig for resources [secrets])",
            "prod-euw1-eksCluster: no KMS key encrypts Kubernetes secrets (set encryptionConfigKeyArn, or encryptionConfig for resources [secrets])",
        ]);
    });

    it("skips the remote component as a real preview shows it, without inputs: its control plane is checked instead", () => {
        expect(findings(eksSecretsEncryption, component({}))).to.deep.equal([]);
    });

    it("takes a key that is only known at deploy (a key the same deploy creates) as a key", () => {
        expect(findings(eksSecretsEncryption, component({ ...SAFE_COMPONENT, encryptionConfigKeyArn: UNKNOWN }))).to.deep.equal([]);
    });
});

describe("policy eks-control-plane-logging", () => {
    it("passes a cluster that sends its audit log", () => {
        expect(findings(eksControlPlaneLogging, component(SAFE_COMPONENT), controlPlane(SAFE_CONTROL_PLANE))).to.deep.equal([]);
    });

    it("fails a cluster that sends other logs only, or none", () => {
        expect(
            findings(
                eksControlPlaneLogging,
                component({ ...SAFE_COMPONENT, enabledClusterLogTypes: ["api", "scheduler"] }),
                controlPlane({ ...SAFE_CONTROL_PLANE, enabledClusterLogTypes: undefined }),
            ),
        ).to.deep.equal([
            "prod-euw1-eks: the control plane's audit log is not sent to CloudWatch (enabledClusterLogTypes: only api and scheduler)",
            "prod-euw1-eksCluster: the control plane's audit log is not sent to CloudWatch (enabledClusterLogTypes: none)",
        ]);
    });
});

describe("policy eks-private-endpoint", () => {
    it("passes a private endpoint with a public one limited to named networks, or none", () => {
        expect(findings(eksPrivateEndpoint, component(SAFE_COMPONENT), controlPlane(SAFE_CONTROL_PLANE))).to.deep.equal([]);
    });

    it("fails a public-only API, one open to 0.0.0.0/0 or ::/0, and one that leaves the CIDRs to EKS's default", () => {
        expect(
            findings(
                eksPrivateEndpoint,
                component({ ...SAFE_COMPONENT, endpointPrivateAccess: false }),
                component({ ...SAFE_COMPONENT, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0", "::/0"] }),
                controlPlane({ ...SAFE_CONTROL_PLANE, vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true } }),
            ),
        ).to.deep.equal([
            "prod-euw1-eks: the private endpoint is off (endpointPrivateAccess): traffic to the API leaves the VPC",
            "prod-euw1-eks: the public endpoint is open to the whole internet (publicAccessCidrs has 0.0.0.0/0 and ::/0)",
            "prod-euw1-eksCluster: the public endpoint is open to the whole internet (publicAccessCidrs is not set, and EKS then admits 0.0.0.0/0)",
        ]);
    });

    it("fails a component that leaves both endpoint settings to EKS's defaults: public only, open to all", () => {
        expect(findings(eksPrivateEndpoint, component({ encryptionConfigKeyArn: KEY }))).to.deep.equal([
            "prod-euw1-eks: the private endpoint is off (endpointPrivateAccess): traffic to the API leaves the VPC",
            "prod-euw1-eks: the public endpoint is open to the whole internet (publicAccessCidrs is not set, and EKS then admits 0.0.0.0/0)",
        ]);
    });
});
