/**
 * The cluster-autoscaler's IAM policy, after the "Full Cluster Autoscaler Features Policy" of the
 * upstream AWS README (auto-discovery plus the dynamic instance-type list): it may read every Auto
 * Scaling group, launch template and instance type, but resize or shrink only the groups tagged as
 * owned by its own cluster. EKS puts that tag on the Auto Scaling group of every managed node group.
 */
export function clusterAutoscalerPolicy(clusterName: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DiscoverNodeGroups",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Sid: "ScaleOwnNodeGroups",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                // autoscaling:ResourceTag is the key the EC2 Auto Scaling user guide documents for allowing
                // actions on groups by their tags ("Tags for security"); aws:ResourceTag also evaluates, but
                // the service-specific key is the documented contract.
                Condition: { StringEquals: { [`autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
            },
        ],
    });
}
