import { expect } from "chai";
import { loadBalancerControllerPolicy } from "../../../components/ingress/loadBalancerControllerPolicy";
import { ACCOUNT, allowedActionsOffThread, allows } from "../../helpers/iam";

// What the AWS Load Balancer Controller does on AWS: it discovers the network and every load balancer, creates load
// balancers, target groups and security groups carrying the elbv2.k8s.aws/cluster tag, and afterwards changes or
// deletes only what carries that tag. Node and pod security groups are not its own, but it opens them to load
// balancer traffic; target groups a team created outside the cluster can be bound to Services (TargetGroupBinding).
const policy = loadBalancerControllerPolicy();

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const CLUSTER = "prod-euw1";
const OWNED = { [CLUSTER_TAG]: CLUSTER };

const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:${ACCOUNT}:${resource}`;
const NETWORK_LOAD_BALANCER = arn("elasticloadbalancing", "loadbalancer/net/k8s-istiosys-gateway-4f1c2a9b7e/50dc6c495c0c9188");
const APPLICATION_LOAD_BALANCER = arn("elasticloadbalancing", "loadbalancer/app/k8s-shop-web-8e2d1c7a3b/6b2ab1d5f0c2e3a4");
const TARGET_GROUP = arn("elasticloadbalancing", "targetgroup/k8s-istiosys-gateway-5a7c4e1d2b/73e2d6bc24d8a067");
const SECURITY_GROUP = arn("ec2", "security-group/sg-0a1b2c3d4e5f67890");
const INSTANCE = arn("ec2", "instance/i-0123456789abcdef0");

/** The request context of an existing resource carrying `tags`: AWS sets both the global and the service's key. */
const carrying = (service: "ec2" | "elasticloadbalancing", tags: Record<string, string>) =>
    Object.fromEntries(
        Object.entries(tags).flatMap(([key, value]) => [
            [`aws:ResourceTag/${key}`, value],
            [`${service}:ResourceTag/${key}`, value],
        ]),
    );
/** The request context of a call that sets `tags`. */
const setting = (tags: Record<string, string>) =>
    Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value]));

describe("AWS Load Balancer Controller IAM policy", () => {
    // The sweeps over whole services, asked for as mocha loads this file: they run in the worker thread meanwhile.
    const untaggedLoadBalancing = allowedActionsOffThread(policy, ["elasticloadbalancing"]);
    const ownedLoadBalancing = allowedActionsOffThread(policy, ["elasticloadbalancing"], { tags: OWNED });
    const ownedEc2 = allowedActionsOffThread(policy, ["ec2"], { tags: OWNED });
    const iamAndSts = allowedActionsOffThread(policy, ["iam", "sts"]);

    it("discovers subnets, security groups, instances, certificates and every load balancer, on any resource", async () => {
        for (const action of [
            "ec2:DescribeVpcs",
            "ec2:DescribeSubnets",
            "ec2:DescribeAvailabilityZones",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeInstances",
            "ec2:DescribeNetworkInterfaces",
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DescribeTags",
            "acm:ListCertificates",
            "acm:DescribeCertificate",
        ]) {
            expect(await allows(policy, { action, resource: "*" }), action).to.equal(true);
        }
    });

    describe("load balancers and target groups", () => {
        it("creates a load balancer or target group only when the request tags it with the cluster tag", async () => {
            for (const [action, resource] of [
                ["elasticloadbalancing:CreateLoadBalancer", NETWORK_LOAD_BALANCER],
                ["elasticloadbalancing:CreateLoadBalancer", APPLICATION_LOAD_BALANCER],
                ["elasticloadbalancing:CreateTargetGroup", TARGET_GROUP],
            ]) {
                expect(await allows(policy, { action, resource, context: setting(OWNED) }), `${action} tagged`).to.equal(true);
                const untagged = setting({ "service.k8s.aws/stack": "istio-system/gateway" });
                expect(await allows(policy, { action, resource, context: untagged }), `${action} untagged`).to.equal(false);
            }
        });

        // AddTags and RemoveTags are asked of load balancers only: the simulator's catalogue lists a single resource type
        // for them (the name is shared with Classic Load Balancers) and refuses a target group's ARN.
        it("tags a load balancer as it creates it, but cannot claim an existing one by tagging it", async () => {
            const action = "elasticloadbalancing:AddTags";
            for (const resource of [NETWORK_LOAD_BALANCER, APPLICATION_LOAD_BALANCER]) {
                const creating = { ...setting(OWNED), "elasticloadbalancing:CreateAction": "CreateLoadBalancer" };
                expect(await allows(policy, { action, resource, context: creating }), `${resource} on creation`).to.equal(true);
                const claiming = { ...carrying("elasticloadbalancing", { team: "payments" }), ...setting(OWNED) };
                expect(await allows(policy, { action, resource, context: claiming }), `${resource} afterwards`).to.equal(false);
            }
        });

        it("reconfigures and deletes load balancers and target groups carrying the cluster tag, and no others", async () => {
            const writes: [string, string][] = [
                ...["ModifyLoadBalancerAttributes", "SetSecurityGroups", "SetSubnets", "SetIpAddressType", "DeleteLoadBalancer"].flatMap(
                    (action): [string, string][] => [
                        [action, NETWORK_LOAD_BALANCER],
                        [action, APPLICATION_LOAD_BALANCER],
                    ],
                ),
                ...["ModifyTargetGroup", "ModifyTargetGroupAttributes", "DeleteTargetGroup"].map((action): [string, string] => [
                    action,
                    TARGET_GROUP,
                ]),
            ];
            for (const [name, resource] of writes) {
                const action = `elasticloadbalancing:${name}`;
                const own = carrying("elasticloadbalancing", OWNED);
                const someoneElses = carrying("elasticloadbalancing", { team: "payments" });
                expect(await allows(policy, { action, resource, context: own }), `${action} on its own`).to.equal(true);
                expect(await allows(policy, { action, resource, context: someoneElses }), `${action} on another's`).to.equal(false);
                expect(await allows(policy, { action, resource }), `${action} on an untagged one`).to.equal(false);
            }
        });

        it("adds and removes tags only on its own load balancers, and never changes the cluster tag afterwards", async () => {
            const own = carrying("elasticloadbalancing", OWNED);
            const someoneElses = carrying("elasticloadbalancing", { team: "payments" });
            const label = setting({ "service.k8s.aws/resource": "LoadBalancer" });
            for (const resource of [NETWORK_LOAD_BALANCER, APPLICATION_LOAD_BALANCER]) {
                const add = (context: Record<string, string>) =>
                    allows(policy, { action: "elasticloadbalancing:AddTags", resource, context });
                const remove = (context: Record<string, string>) =>
                    allows(policy, { action: "elasticloadbalancing:RemoveTags", resource, context });
                expect(await add({ ...own, ...label }), "a tag on its own").to.equal(true);
                expect(await remove({ ...own, "aws:TagKeys": "service.k8s.aws/resource" }), "a tag from its own").to.equal(true);
                expect(await add({ ...someoneElses, ...label }), "a tag on someone else's").to.equal(false);
                expect(await remove({ ...someoneElses, "aws:TagKeys": "team" }), "a tag from someone else's").to.equal(false);
                // Ownership is decided once, when the load balancer is created.
                expect(await add({ ...own, ...setting({ [CLUSTER_TAG]: "prod-use1" }) }), "rewrite its cluster tag").to.equal(false);
            }
        });

        it("registers targets in any target group, so that a Service can bind a target group made outside the cluster", async () => {
            for (const action of ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]) {
                expect(await allows(policy, { action, resource: TARGET_GROUP }), action).to.equal(true);
            }
        });

        it("without the cluster tag, may only read, manage listeners and rules, and register targets", async () => {
            const tagGated = [
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:SetSubnets",
            ];
            const untagged = await untaggedLoadBalancing;
            for (const action of tagGated) {
                expect(untagged).to.not.include(action);
            }
            for (const action of untagged) {
                expect(action, action).to.match(/:(Describe\w+|\w*(Listener|Rule|Targets)\w*|SetWebAcl)$/);
            }
            expect(await ownedLoadBalancing).to.include.members(tagGated);
        });

        it("trusts the cluster tag's presence, not its value: another cluster's load balancer in the account is as much its own", async () => {
            // Upstream's design: kept so that tightening it is a decision, not an accident.
            const anotherClusters = carrying("elasticloadbalancing", { [CLUSTER_TAG]: "prod-use1" });
            const request = {
                action: "elasticloadbalancing:DeleteLoadBalancer",
                resource: NETWORK_LOAD_BALANCER,
                context: anotherClusters,
            };
            expect(await allows(policy, request)).to.equal(true);
        });
    });

    describe("security groups", () => {
        it("creates security groups and tags them with the cluster tag as it creates them", async () => {
            expect(await allows(policy, { action: "ec2:CreateSecurityGroup", resource: SECURITY_GROUP, context: setting(OWNED) })).to.equal(
                true,
            );
            const creating = { ...setting(OWNED), "ec2:CreateAction": "CreateSecurityGroup" };
            expect(await allows(policy, { action: "ec2:CreateTags", resource: SECURITY_GROUP, context: creating })).to.equal(true);
        });

        it("deletes and retags only security groups carrying the cluster tag, and cannot claim another by tagging it", async () => {
            const own = carrying("ec2", OWNED);
            const nodes = carrying("ec2", { "aws:eks:cluster-name": CLUSTER });
            const deletes = (context: Record<string, string>) =>
                allows(policy, { action: "ec2:DeleteSecurityGroup", resource: SECURITY_GROUP, context });
            const tags = (context: Record<string, string>) =>
                allows(policy, { action: "ec2:CreateTags", resource: SECURITY_GROUP, context });
            const untags = (context: Record<string, string>) =>
                allows(policy, { action: "ec2:DeleteTags", resource: SECURITY_GROUP, context: { ...context, "aws:TagKeys": "Name" } });
            expect(await deletes(own), "delete its own").to.equal(true);
            expect(await tags({ ...own, ...setting({ Name: "k8s-traffic" }) }), "tag its own").to.equal(true);
            expect(await untags(own), "untag its own").to.equal(true);
            expect(await deletes(nodes), "delete the nodes' group").to.equal(false);
            expect(await deletes({}), "delete an untagged group").to.equal(false);
            expect(await untags(nodes), "untag the nodes' group").to.equal(false);
            expect(await tags({ ...nodes, ...setting(OWNED) }), "claim the nodes' group").to.equal(false);
        });

        it("opens and closes ingress on any security group, as node and pod groups are not its own, but never egress", async () => {
            const nodes = carrying("ec2", { "aws:eks:cluster-name": CLUSTER });
            for (const action of ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]) {
                expect(await allows(policy, { action, resource: SECURITY_GROUP, context: nodes }), action).to.equal(true);
            }
            for (const action of ["ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules"]) {
                const context = carrying("ec2", OWNED);
                expect(await allows(policy, { action, resource: SECURITY_GROUP, context }), action).to.equal(false);
            }
        });
    });

    it("in EC2 only reads and manages security groups, even on resources carrying the cluster tag", async () => {
        const allowed = await ownedEc2;
        const reads = /^ec2:(Describe|Get)\w+$/;
        const securityGroupWrites =
            /^ec2:(CreateSecurityGroup|DeleteSecurityGroup|(Authorize|Revoke)SecurityGroupIngress|CreateTags|DeleteTags)$/;
        for (const action of allowed) {
            expect(reads.test(action) || securityGroupWrites.test(action), action).to.equal(true);
        }
        for (const action of ["ec2:RunInstances", "ec2:ModifyInstanceAttribute", "ec2:DeleteSubnet", "ec2:CreateNetworkInterface"]) {
            expect(allowed).to.not.include(action);
        }
        expect(await allows(policy, { action: "ec2:TerminateInstances", resource: INSTANCE, context: carrying("ec2", OWNED) })).to.equal(
            false,
        );
    });

    it("creates only Elastic Load Balancing's service-linked role, and otherwise only reads server certificates in IAM", async () => {
        const role = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;
        const linkedRole = (service: string) =>
            allows(policy, { action: "iam:CreateServiceLinkedRole", resource: role, context: { "iam:AWSServiceName": service } });
        expect(await linkedRole("elasticloadbalancing.amazonaws.com")).to.equal(true);
        expect(await linkedRole("autoscaling.amazonaws.com")).to.equal(false);
        expect(await iamAndSts).to.deep.equal(["iam:GetServerCertificate", "iam:ListServerCertificates"]);
    });
});
