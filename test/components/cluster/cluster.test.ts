import { expect } from "chai";
import type { PlanDocument } from "../../../delivery/plan";
import { byUrn, isUnder, named, ofType, planOf } from "../../helpers/plans";
import { validateAgainstApiSchema } from "../../helpers/schemas";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ROLE = "aws:iam/role:Role";

describe("berth:cluster:Cluster", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(async () => {
        [dev, prod] = await Promise.all([planOf("dev"), planOf("prod")]);
    });

    const inputs = (plan: PlanDocument, type: string, name: string) => named(plan, type, name).inputs as Record<string, any>;

    it("builds one component per cluster with its network, control plane, node role, pools and add-ons as children", () => {
        const component = named(dev, "berth:cluster:Cluster", "dev-euw1");
        const children = dev.resources
            .filter((resource) => resource.parent === component.urn)
            .map((resource) => `${resource.type} ${resource.name}`);
        expect(children).to.include.members([
            "berth:cluster:Network dev-euw1-net",
            "eks:index:Cluster dev-euw1-eks",
            "aws:iam/role:Role dev-euw1-node",
            "aws:eks/nodeGroup:NodeGroup dev-euw1-system",
            "aws:eks/nodeGroup:NodeGroup dev-euw1-spot-general",
            "aws:eks/addon:Addon dev-euw1-vpc-cni",
            "aws:eks/addon:Addon dev-euw1-kube-proxy",
            "aws:eks/addon:Addon dev-euw1-coredns",
            "aws:eks/addon:Addon dev-euw1-aws-ebs-csi-driver",
            "pulumi:providers:kubernetes dev-euw1-k8s",
            "kubernetes:storage.k8s.io/v1:StorageClass dev-euw1-gp3",
        ]);
    });

    it("creates the control plane with no default node group, API access entries and an OIDC provider", () => {
        const eks = inputs(dev, "eks:index:Cluster", "dev-euw1-eks");
        expect(eks).to.include({
            name: "dev-euw1",
            version: "1.35",
            skipDefaultNodeGroup: true,
            authenticationMode: "API",
            createOidcProvider: true,
            bootstrapSelfManagedAddons: false,
            nodeAssociatePublicIpAddress: false,
        });
        expect(eks.enabledClusterLogTypes).to.deep.equal(["audit"]);
        expect(eks.upgradePolicy).to.deep.equal({ supportType: "EXTENDED" });
    });

    it("puts the control plane's network interfaces in the private subnets only", () => {
        for (const plan of [dev, prod]) {
            for (const cluster of ofType(plan, "eks:index:Cluster")) {
                const name = cluster.name.replace(/-eks$/, "");
                const privateSubnets = ofType(plan, "aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith(`${name}-net-private-`));
                expect((cluster.inputs as any).privateSubnetIds, cluster.name).to.have.length(privateSubnets.length);
                expect((cluster.inputs as any).publicSubnetIds, cluster.name).to.equal(undefined);
                expect((cluster.inputs as any).subnetIds, cluster.name).to.equal(undefined);
            }
        }
    });

    it("keeps every node group on its control plane's version, after the network add-ons", () => {
        for (const plan of [dev, prod]) {
            for (const group of ofType(plan, NODE_GROUP)) {
                const component = byUrn(plan, group.parent);
                const eks = named(plan, "eks:index:Cluster", `${component.name}-eks`);
                expect((group.inputs as any).version, group.name).to.equal((eks.inputs as any).version);
                expect(group.dependencies, group.name).to.include(eks.urn);
            }
        }
    });

    it("boots the x86_64 Amazon Linux 2023 AMI on the shipped pools, whose types are all x86_64", () => {
        for (const plan of [dev, prod]) {
            for (const group of ofType(plan, NODE_GROUP)) {
                expect((group.inputs as any).amiType, group.name).to.equal("AL2023_x86_64_STANDARD");
            }
        }
    });

    it("runs an on-demand system pool tainted for platform add-ons only", () => {
        const system = inputs(dev, NODE_GROUP, "dev-euw1-system");
        expect(system.capacityType).to.equal("ON_DEMAND");
        expect(system.taints).to.deep.equal([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
        expect(system.labels).to.deep.equal({ "berth.dev/pool": "system", "berth.dev/capacity-type": "on-demand" });
        expect(system.scalingConfig).to.deep.equal({ minSize: 1, maxSize: 3, desiredSize: 2 });
    });

    it("runs a SPOT pool diversified over at least three instance types", () => {
        const spot = inputs(dev, NODE_GROUP, "dev-euw1-spot-general");
        expect(spot.capacityType).to.equal("SPOT");
        expect(spot.instanceTypes).to.deep.equal(["m6i.large", "m6a.large", "m5.large", "m7i.large"]);
        expect(spot.taints).to.deep.equal([]);
    });

    it("tags every pool for cluster-autoscaler auto-discovery of its own cluster", () => {
        for (const plan of [dev, prod]) {
            for (const group of ofType(plan, NODE_GROUP)) {
                const clusterName = byUrn(plan, group.parent).name;
                expect((group.inputs as any).tags, group.name).to.include({
                    "k8s.io/cluster-autoscaler/enabled": "true",
                    [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
                });
            }
        }
    });

    it("puts nodes in private subnets behind an IMDSv2-only launch template with an encrypted gp3 root volume", () => {
        const group = inputs(dev, NODE_GROUP, "dev-euw1-spot-general");
        const template = named(dev, "aws:ec2/launchTemplate:LaunchTemplate", "dev-euw1-spot-general-lt");
        const privateSubnets = ofType(dev, "aws:ec2/subnet:Subnet").filter((subnet) => subnet.name.startsWith("dev-euw1-net-private-"));
        expect(group.subnetIds).to.have.length(2);
        expect(group.launchTemplate.id).to.be.a("string").and.not.equal("[unknown]");
        expect(named(dev, NODE_GROUP, "dev-euw1-spot-general").dependencies).to.include.members([
            template.urn,
            ...privateSubnets.map((s) => s.urn),
        ]);
        // One hop: pods cannot reach instance metadata and take the node role.
        expect((template.inputs as any).metadataOptions).to.deep.equal({
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
        });
        expect((template.inputs as any).blockDeviceMappings[0].ebs).to.deep.equal({
            volumeSize: 50,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
        });
    });

    it("gives nodes a role with the worker, pull-only registry and SSM policies, and not the CNI policy", () => {
        const role = named(dev, ROLE, "dev-euw1-node");
        const attached = ofType(dev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((attachment) => attachment.dependencies.includes(role.urn))
            .map((attachment) => (attachment.inputs as any).policyArn);
        expect(attached).to.deep.equal([
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        ]);
        expect(JSON.parse((role.inputs as any).assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "ec2.amazonaws.com" });
    });

    it("trusts only the EBS CSI controller's service account of its own cluster with the EBS CSI role", () => {
        for (const name of ["prod-euw1", "prod-use1"]) {
            const role = named(prod, ROLE, `${name}-aws-ebs-csi-driver-irsa`);
            const statement = JSON.parse((role.inputs as any).assumeRolePolicy).Statement;
            expect(statement).to.have.length(1);
            const conditions = statement[0].Condition.StringEquals as Record<string, string>;
            const subjects = Object.entries(conditions).filter(([key]) => key.endsWith(":sub"));
            expect(subjects).to.have.length(1);
            expect(subjects[0][1]).to.equal("system:serviceaccount:kube-system:ebs-csi-controller-sa");
            const region = name === "prod-euw1" ? "eu-west-1" : "us-east-1";
            expect(subjects[0][0]).to.match(new RegExp(`^oidc\\.eks\\.${region}\\.amazonaws\\.com/id/[0-9A-F]{32}:sub$`));
            expect(statement[0].Principal.Federated).to.match(new RegExp(`:oidc-provider/oidc\\.eks\\.${region}\\.amazonaws\\.com/id/`));
            const addon = inputs(prod, "aws:eks/addon:Addon", `${name}-aws-ebs-csi-driver`);
            expect(addon.serviceAccountRoleArn).to.match(/^arn:aws:iam::123456789012:role\//);
        }
    });

    it("installs the CNI and kube-proxy before the node pools, and CoreDNS and EBS CSI after them", () => {
        const group = named(dev, NODE_GROUP, "dev-euw1-system");
        for (const addon of ["vpc-cni", "kube-proxy"]) {
            expect(group.dependencies, addon).to.include(named(dev, "aws:eks/addon:Addon", `dev-euw1-${addon}`).urn);
        }
        for (const addon of ["coredns", "aws-ebs-csi-driver"]) {
            expect(named(dev, "aws:eks/addon:Addon", `dev-euw1-${addon}`).dependencies, addon).to.include.members(
                ofType(dev, NODE_GROUP)
                    .filter((g) => g.name.startsWith("dev-euw1-"))
                    .map((g) => g.urn),
            );
        }
    });

    it("makes an encrypted gp3 StorageClass the default, through the cluster's own Kubernetes provider", () => {
        const storage = named(dev, "kubernetes:storage.k8s.io/v1:StorageClass", "dev-euw1-gp3");
        expect(storage.provider).to.equal(named(dev, "pulumi:providers:kubernetes", "dev-euw1-k8s").urn);
        expect((storage.inputs as any).metadata.annotations).to.deep.equal({ "storageclass.kubernetes.io/is-default-class": "true" });
        expect((storage.inputs as any).parameters).to.deep.equal({ type: "gp3", encrypted: "true", fsType: "ext4" });
        expect(storage.dependencies).to.include(named(dev, "aws:eks/addon:Addon", "dev-euw1-aws-ebs-csi-driver").urn);
    });

    it("writes only Kubernetes objects that the API schemas accept", () => {
        const objects = [dev, prod].flatMap((plan) => plan.resources.filter((r) => r.custom && /^kubernetes:(?!helm\.sh)/.test(r.type)));
        expect([...new Set(objects.map((object) => object.type))]).to.have.members([
            "kubernetes:storage.k8s.io/v1:StorageClass",
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:Service",
            "kubernetes:security.istio.io/v1:PeerAuthentication",
            "kubernetes:networking.istio.io/v1:Gateway",
            // The environment's log analytics (components/logging).
            "kubernetes:core/v1:Secret",
            "kubernetes:core/v1:ConfigMap",
            "kubernetes:core/v1:ServiceAccount",
            "kubernetes:batch/v1:Job",
            "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch",
            "kubernetes:kibana.k8s.elastic.co/v1:Kibana",
            // Monitoring (components/monitoring).
            "kubernetes:apps/v1:Deployment",
            "kubernetes:monitoring.coreos.com/v1:Prometheus",
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
            "kubernetes:monitoring.coreos.com/v1:PodMonitor",
            "kubernetes:monitoring.coreos.com/v1:Probe",
            // The example applications of dev and prod (components/workload).
            "kubernetes:core/v1:ResourceQuota",
            "kubernetes:core/v1:LimitRange",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:networking.istio.io/v1:VirtualService",
            // The dashboard's developer and admin access (components/dashboard).
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
            "kubernetes:rbac.authorization.k8s.io/v1:Role",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            // Each cluster's secret store, and the ExternalSecrets of the storefront and of prod's Grafana (components/secrets).
            "kubernetes:external-secrets.io/v1:ClusterSecretStore",
            "kubernetes:external-secrets.io/v1:ExternalSecret",
            // Each cluster's canary checks (components/canary), and prod's example application released as canaries.
            "kubernetes:flagger.app/v1beta1:MetricTemplate",
            "kubernetes:flagger.app/v1beta1:Canary",
        ]);
        for (const object of objects) {
            expect(() => validateAgainstApiSchema(object), object.urn).not.to.throw();
        }
    });

    it("would catch a StorageClass the API refuses", () => {
        const storage = named(dev, "kubernetes:storage.k8s.io/v1:StorageClass", "dev-euw1-gp3");
        const broken = { ...storage, inputs: { ...storage.inputs, reclaimPolicy: "Keep" } };
        expect(() => validateAgainstApiSchema(broken)).to.throw("reclaimPolicy must be equal to one of the allowed values");
    });

    it("keeps the kubeconfig secret in the Kubernetes provider", () => {
        expect((named(dev, "pulumi:providers:kubernetes", "dev-euw1-k8s").inputs as any).kubeconfig).to.equal("[secret]");
    });

    it("limits the prod API endpoint: private access on, public access only from the configured CIDRs", () => {
        for (const name of ["prod-euw1", "prod-use1"]) {
            const eks = inputs(prod, "eks:index:Cluster", `${name}-eks`);
            expect(eks.endpointPrivateAccess).to.equal(true);
            expect(eks.endpointPublicAccess).to.equal(true);
            expect(eks.publicAccessCidrs).to.deep.equal(["203.0.113.0/24", "198.51.100.10/32"]);
            expect(eks.deletionProtection).to.equal(true);
        }
        expect(inputs(dev, "eks:index:Cluster", "dev-euw1-eks").publicAccessCidrs).to.deep.equal(["0.0.0.0/0"]);
    });

    it("encrypts prod secrets with a rotating, protected KMS key of each cluster's own, and creates none in dev", () => {
        for (const name of ["prod-euw1", "prod-use1"]) {
            const key = named(prod, "aws:kms/key:Key", `${name}-secrets`);
            expect((key.inputs as any).enableKeyRotation).to.equal(true);
            expect(key.protect, "a deleted key leaves the cluster's secrets unreadable").to.equal(true);
            const eks = named(prod, "eks:index:Cluster", `${name}-eks`);
            expect((eks.inputs as any).encryptionConfigKeyArn).to.match(/^arn:aws:kms:[a-z0-9-]+:123456789012:key\//);
            expect(eks.dependencies).to.include(key.urn);
        }
        expect(ofType(dev, "aws:kms/key:Key").filter((key) => key.name.startsWith("dev-euw1-"))).to.deep.equal([]);
        expect((named(dev, "eks:index:Cluster", "dev-euw1-eks").inputs as any).encryptionConfigKeyArn).to.equal(undefined);
    });

    it("grants the configured admin roles cluster-admin through access entries", () => {
        const entries = inputs(prod, "eks:index:Cluster", "prod-euw1-eks").accessEntries;
        expect(entries).to.deep.equal({
            "admin-123456789012-platform-admins": {
                principalArn: "arn:aws:iam::123456789012:role/platform-admins",
                accessPolicies: {
                    admin: {
                        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                        accessScope: { type: "cluster" },
                    },
                },
            },
            // platform:dashboard.developerRoleArns: a group for RBAC, no EKS access policy.
            "developer-123456789012-developers": {
                principalArn: "arn:aws:iam::123456789012:role/developers",
                kubernetesGroups: ["berth:developers"],
            },
        });
    });

    it("spreads prod over three AZs with a NAT gateway each, and dev over two sharing one", () => {
        const count = (plan: PlanDocument, type: string, prefix: string) =>
            ofType(plan, type).filter((r) => r.name.startsWith(prefix)).length;
        expect(count(dev, "aws:ec2/subnet:Subnet", "dev-euw1-")).to.equal(4);
        expect(count(dev, "aws:ec2/natGateway:NatGateway", "dev-euw1-")).to.equal(1);
        expect(count(prod, "aws:ec2/subnet:Subnet", "prod-euw1-")).to.equal(6);
        expect(count(prod, "aws:ec2/natGateway:NatGateway", "prod-euw1-")).to.equal(3);
        const publicSubnet = inputs(dev, "aws:ec2/subnet:Subnet", "dev-euw1-net-public-0");
        expect(publicSubnet.tags).to.include({ "kubernetes.io/role/elb": "1", "kubernetes.io/cluster/dev-euw1": "shared" });
        expect(inputs(dev, "aws:ec2/subnet:Subnet", "dev-euw1-net-private-1").tags).to.include({ "kubernetes.io/role/internal-elb": "1" });
        expect(publicSubnet.availabilityZone).to.equal("eu-west-1a");
    });

    it("skips the zone where EKS places no control plane: us-east-1c is use1-az3 in the mock account", () => {
        const zones = ofType(prod, "aws:ec2/subnet:Subnet")
            .filter((subnet) => subnet.name.startsWith("prod-use1-net-private-"))
            .map((subnet) => (subnet.inputs as any).availabilityZone);
        expect(zones).to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1d"]);
    });

    it("keeps every AWS resource of a cluster on its region's provider", () => {
        for (const name of ["prod-euw1", "prod-use1"]) {
            const component = named(prod, "berth:cluster:Cluster", name);
            const region = name === "prod-euw1" ? "eu-west-1" : "us-east-1";
            const awsResources = prod.resources.filter((r) => r.custom && r.type.startsWith("aws:") && isUnder(prod, r, component.urn));
            expect(awsResources.length).to.be.greaterThan(20);
            for (const resource of awsResources) {
                expect((byUrn(prod, resource.provider).inputs as any).region, resource.name).to.equal(region);
            }
        }
    });
});
