import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetLayout } from "./subnets";
import { pickZones } from "./zones";

export interface NetworkArgs {
    /** Name of the EKS cluster that will use this VPC; goes into the subnet discovery tags. */
    clusterName: string;
    /** The VPC's IPv4 network, /16 to /20. */
    cidr: string;
    /**
     * Number of AZs to spread over (the region's first zones by name that EKS accepts, impaired or not, so that
     * the choice does not move), or their exact names.
     */
    availabilityZones: number | string[];
    /** "single" NAT gateway (cheap) or one "perAz" (survives an AZ outage). @default "perAz" */
    natGateways?: "single" | "perAz";
    /** Tags on every resource. @default none */
    tags?: Record<string, string>;
}

/**
 * A VPC for one EKS cluster: public subnets (load balancers, NAT) and private subnets (nodes, pods)
 * in each AZ, tagged so that the AWS Load Balancer Controller finds them.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly cidr: string;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    /** Every route table of the VPC (public first), for routes to peered networks. */
    readonly routeTableIds: pulumi.Output<string>[];

    constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions) {
        super("berth:cluster:Network", name, {}, opts);
        const child = { parent: this };
        const tags = args.tags ?? {};
        const azCount = typeof args.availabilityZones === "number" ? args.availabilityZones : args.availabilityZones.length;
        const zones = aws
            .getAvailabilityZonesOutput({ filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, { parent: this })
            .apply((region) => pickZones(region, args.availabilityZones));
        const zoneNames = [...Array(azCount).keys()].map((index) => zones.apply((names) => names[index]));
        const layout = subnetLayout(args.cidr, azCount);

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...tags, Name: `${args.clusterName}` } },
            child,
        );
        const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { ...tags, Name: args.clusterName } }, child);
        const publicRoutes = new aws.ec2.RouteTable(
            `${name}-public`,
            { vpcId: vpc.id, tags: { ...tags, Name: `${args.clusterName}-public` } },
            child,
        );
        new aws.ec2.Route(
            `${name}-public-default`,
            { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id },
            child,
        );

        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
        const publicSubnets = layout.public.map((cidrBlock, zone) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${zone}`,
                {
                    vpcId: vpc.id,
                    cidrBlock,
                    availabilityZone: zoneNames[zone],
                    mapPublicIpOnLaunch: false,
                    tags: { ...tags, ...clusterTag, Name: `${args.clusterName}-public-${zone}`, "kubernetes.io/role/elb": "1" },
                },
                child,
            );
            new aws.ec2.RouteTableAssociation(`${name}-public-${zone}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, child);
            return subnet;
        });

        const natZones = args.natGateways === "single" ? [0] : [...Array(azCount).keys()];
        const natGateways = natZones.map((zone) => {
            const address = new aws.ec2.Eip(
                `${name}-nat-${zone}`,
                { domain: "vpc", tags: { ...tags, Name: `${args.clusterName}-nat-${zone}` } },
                child,
            );
            return new aws.ec2.NatGateway(
                `${name}-nat-${zone}`,
                { allocationId: address.id, subnetId: publicSubnets[zone].id, tags: { ...tags, Name: `${args.clusterName}-nat-${zone}` } },
                { parent: this, dependsOn: [gateway] },
            );
        });

        const privateRouteTables: aws.ec2.RouteTable[] = [];
        const privateSubnets = layout.private.map((cidrBlock, zone) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${zone}`,
                {
                    vpcId: vpc.id,
                    cidrBlock,
                    availabilityZone: zoneNames[zone],
                    tags: { ...tags, ...clusterTag, Name: `${args.clusterName}-private-${zone}`, "kubernetes.io/role/internal-elb": "1" },
                },
                child,
            );
            // A route table per AZ even with one NAT gateway, so switching to perAz changes routes, not tables.
            const routes = new aws.ec2.RouteTable(
                `${name}-private-${zone}`,
                { vpcId: vpc.id, tags: { ...tags, Name: `${args.clusterName}-private-${zone}` } },
                child,
            );
            const nat = natGateways[Math.min(zone, natGateways.length - 1)];
            new aws.ec2.Route(
                `${name}-private-${zone}-default`,
                { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
                child,
            );
            new aws.ec2.RouteTableAssociation(`${name}-private-${zone}`, { subnetId: subnet.id, routeTableId: routes.id }, child);
            privateRouteTables.push(routes);
            return subnet;
        });

        this.vpcId = vpc.id;
        this.cidr = args.cidr;
        this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
        this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
        this.routeTableIds = [publicRoutes, ...privateRouteTables].map((table) => table.id);
        this.registerOutputs({ vpcId: this.vpcId, publicSubnetIds: this.publicSubnetIds, privateSubnetIds: this.privateSubnetIds });
    }
}
