/**
 * The AWS Load Balancer Controller's IAM policy: the document upstream recommends for the controller version the
 * pinned chart installs. Source: kubernetes-sigs/aws-load-balancer-controller, tag v3.5.0 (the chart 3.5.0's
 * appVersion), docs/install/iam_policy.json. Every statement, action, resource and condition is upstream's, in
 * upstream's order; only the Sids are Berth's, so that a reader (and an access-denied message) can tell the
 * statements apart. Compare with that file when the chart is upgraded.
 *
 * The controller may read everything it needs to discover, but writes only to what it created: a load balancer,
 * target group or security group is created carrying the `elbv2.k8s.aws/cluster` tag, and from then on that tag
 * is what lets the controller modify, re-tag or delete it. Upstream checks that the tag is present, not its value,
 * so a controller can manage the load balancers of every cluster in the same account and region.
 *
 * Commercial partition ("arn:aws:") only, as the stack config requires.
 */

/** The tag the controller puts on every load balancer, target group and security group it creates. */
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** Condition: the request puts the cluster tag on the resource it creates. */
const REQUEST_CARRIES_CLUSTER_TAG = { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" };

/** Condition: the resource already carries the cluster tag, i.e. the controller created it. */
const RESOURCE_CARRIES_CLUSTER_TAG = { [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" };

/** Condition: the resource is the controller's, and the request does not set the cluster tag (cannot adopt another's). */
const OWN_RESOURCE_WITHOUT_RETAGGING = { [`aws:RequestTag/${CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" };

const LOAD_BALANCERS_AND_TARGET_GROUPS = [
    "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
];

const SECURITY_GROUPS = "arn:aws:ec2:*:*:security-group/*";

/** The upstream-recommended IAM policy of the AWS Load Balancer Controller v3.5.0, as JSON. */
export function loadBalancerControllerPolicy(): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CreateLoadBalancingServiceLinkedRole",
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: "*",
                Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
            },
            {
                Sid: "DiscoverNetworkAndLoadBalancers",
                Effect: "Allow",
                Action: [
                    "ec2:DescribeAccountAttributes",
                    "ec2:DescribeAddresses",
                    "ec2:DescribeAvailabilityZones",
                    "ec2:DescribeInternetGateways",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeVpcPeeringConnections",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeInstances",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeTags",
                    "ec2:GetCoipPoolUsage",
                    "ec2:DescribeCoipPools",
                    "ec2:GetSecurityGroupsForVpc",
                    "ec2:DescribeIpamPools",
                    "ec2:DescribeRouteTables",
                    "elasticloadbalancing:DescribeLoadBalancers",
                    "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    "elasticloadbalancing:DescribeListeners",
                    "elasticloadbalancing:DescribeListenerCertificates",
                    "elasticloadbalancing:DescribeSSLPolicies",
                    "elasticloadbalancing:DescribeRules",
                    "elasticloadbalancing:DescribeTargetGroups",
                    "elasticloadbalancing:DescribeTargetGroupAttributes",
                    "elasticloadbalancing:DescribeTargetHealth",
                    "elasticloadbalancing:DescribeTags",
                    "elasticloadbalancing:DescribeTrustStores",
                    "elasticloadbalancing:DescribeListenerAttributes",
                    "elasticloadbalancing:DescribeCapacityReservation",
                ],
                Resource: "*",
            },
            {
                Sid: "UseCertificatesWafAndShield",
                Effect: "Allow",
                Action: [
                    "cognito-idp:DescribeUserPoolClient",
                    "acm:ListCertificates",
                    "acm:DescribeCertificate",
                    "iam:ListServerCertificates",
                    "iam:GetServerCertificate",
                    "waf-regional:GetWebACL",
                    "waf-regional:GetWebACLForResource",
                    "waf-regional:AssociateWebACL",
                    "waf-regional:DisassociateWebACL",
                    "wafv2:GetWebACL",
                    "wafv2:GetWebACLForResource",
                    "wafv2:AssociateWebACL",
                    "wafv2:DisassociateWebACL",
                    "shield:GetSubscriptionState",
                    "shield:DescribeProtection",
                    "shield:CreateProtection",
                    "shield:DeleteProtection",
                ],
                Resource: "*",
            },
            {
                // Node and pod security groups are not the controller's, yet it must let load balancer traffic in.
                Sid: "OpenAnySecurityGroupToLoadBalancers",
                Effect: "Allow",
                Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
                Resource: "*",
            },
            {
                Sid: "CreateSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:CreateSecurityGroup"],
                Resource: "*",
            },
            {
                Sid: "TagSecurityGroupsAsTheyAreCreated",
                Effect: "Allow",
                Action: ["ec2:CreateTags"],
                Resource: SECURITY_GROUPS,
                Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, Null: REQUEST_CARRIES_CLUSTER_TAG },
            },
            {
                Sid: "RetagOwnSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:CreateTags", "ec2:DeleteTags"],
                Resource: SECURITY_GROUPS,
                Condition: { Null: OWN_RESOURCE_WITHOUT_RETAGGING },
            },
            {
                Sid: "ManageOwnSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
                Resource: "*",
                Condition: { Null: RESOURCE_CARRIES_CLUSTER_TAG },
            },
            {
                Sid: "CreateClusterTaggedLoadBalancersAndTargetGroups",
                Effect: "Allow",
                Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
                Resource: "*",
                Condition: { Null: REQUEST_CARRIES_CLUSTER_TAG },
            },
            {
                Sid: "ManageListenersAndRules",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:DeleteListener",
                    "elasticloadbalancing:CreateRule",
                    "elasticloadbalancing:DeleteRule",
                ],
                Resource: "*",
            },
            {
                Sid: "RetagOwnLoadBalancersAndTargetGroups",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resource: LOAD_BALANCERS_AND_TARGET_GROUPS,
                Condition: { Null: OWN_RESOURCE_WITHOUT_RETAGGING },
            },
            {
                Sid: "TagListenersAndRules",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resource: [
                    "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
                    "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
                    "arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
                    "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*",
                ],
            },
            {
                Sid: "ModifyAndDeleteOwnLoadBalancersAndTargetGroups",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:ModifyLoadBalancerAttributes",
                    "elasticloadbalancing:SetIpAddressType",
                    "elasticloadbalancing:SetSecurityGroups",
                    "elasticloadbalancing:SetSubnets",
                    "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:DeleteTargetGroup",
                    "elasticloadbalancing:ModifyListenerAttributes",
                    "elasticloadbalancing:ModifyCapacityReservation",
                    "elasticloadbalancing:ModifyIpPools",
                ],
                Resource: "*",
                Condition: { Null: RESOURCE_CARRIES_CLUSTER_TAG },
            },
            {
                Sid: "TagLoadBalancersAndTargetGroupsAsTheyAreCreated",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags"],
                Resource: LOAD_BALANCERS_AND_TARGET_GROUPS,
                Condition: {
                    StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                    Null: REQUEST_CARRIES_CLUSTER_TAG,
                },
            },
            {
                Sid: "RegisterTargets",
                Effect: "Allow",
                Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
                Resource: "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
            },
            {
                Sid: "ConfigureListenersAndRules",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:SetWebAcl",
                    "elasticloadbalancing:ModifyListener",
                    "elasticloadbalancing:AddListenerCertificates",
                    "elasticloadbalancing:RemoveListenerCertificates",
                    "elasticloadbalancing:ModifyRule",
                    "elasticloadbalancing:SetRulePriorities",
                ],
                Resource: "*",
            },
        ],
    });
}
