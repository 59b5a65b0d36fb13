import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Network } from "./network";

/** One end of a peering: a cluster's network, in its region, through that region's provider. */
export interface PeerSide {
    network: Network;
    region: string;
    provider: aws.Provider;
    /** The security group of the cluster's control plane and managed nodes: the peer's network is admitted to it. */
    securityGroupId: pulumi.Input<string>;
}

/** A TCP port that traffic from one peered network may reach in the other. */
export interface PeeringPort {
    /** Short name, part of the rule's resource name: keep it stable. */
    name: string;
    port: number;
    description: string;
}

/** The private Kubernetes API: peered clusters' tooling and Berth's own add-ons reach each other's API privately. */
export const KUBERNETES_API_PORT: PeeringPort = { name: "api", port: 443, description: "Kubernetes API from the peered VPC" };

export interface VpcPeeringArgs {
    /** The side that asks (a spoke cluster). */
    requester: PeerSide;
    /** The side that accepts (the hub cluster). */
    accepter: PeerSide;
    /**
     * Ports each side admits from the other's network, both directions; add-ons that send traffic across (metrics,
     * logs) add theirs here. @default [KUBERNETES_API_PORT]
     */
    ports?: PeeringPort[];
    /** Tags on the peering connection. @default none */
    tags?: Record<string, string>;
}

/**
 * Connects two cluster VPCs, across regions when they differ, with routes both ways in every route table and
 * security-group rules that admit the other network on exactly the given ports, so that add-ons in one
 * cluster reach internal endpoints of the other.
 */
export class VpcPeering extends pulumi.ComponentResource {
    readonly peeringConnectionId: pulumi.Output<string>;

    constructor(name: string, args: VpcPeeringArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("berth:cluster:VpcPeering", name, {}, opts);
        const { requester, accepter } = args;
        const crossRegion = requester.region !== accepter.region;
        const connection = new aws.ec2.VpcPeeringConnection(
            `${name}-request`,
            {
                vpcId: requester.network.vpcId,
                peerVpcId: accepter.network.vpcId,
                peerRegion: crossRegion ? accepter.region : undefined,
                // Within a region the requester may accept for both; across regions the other side must.
                autoAccept: !crossRegion,
                tags: { ...args.tags, Name: name },
            },
            { parent: this, provider: requester.provider },
        );
        const accepted: pulumi.Resource = crossRegion
            ? new aws.ec2.VpcPeeringConnectionAccepter(
                  `${name}-accept`,
                  { vpcPeeringConnectionId: connection.id, autoAccept: true, tags: { ...args.tags, Name: name } },
                  { parent: this, provider: accepter.provider },
              )
            : connection;

        const routeBoth = [
            { side: requester, to: accepter.network.cidr, label: "requester" },
            { side: accepter, to: requester.network.cidr, label: "accepter" },
        ];
        for (const { side, to, label } of routeBoth) {
            side.network.routeTableIds.forEach((routeTableId, index) => {
                new aws.ec2.Route(
                    `${name}-${label}-${index}`,
                    { routeTableId, destinationCidrBlock: to, vpcPeeringConnectionId: connection.id },
                    { parent: this, provider: side.provider, dependsOn: [accepted] },
                );
            });
        }
        const admitBoth = [
            { side: accepter, from: requester.network.cidr, label: "accepter" },
            { side: requester, from: accepter.network.cidr, label: "requester" },
        ];
        for (const { side, from, label } of admitBoth) {
            for (const port of args.ports ?? [KUBERNETES_API_PORT]) {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-${label}-admits-${port.name}`,
                    {
                        securityGroupId: side.securityGroupId,
                        cidrIpv4: from,
                        ipProtocol: "tcp",
                        fromPort: port.port,
                        toPort: port.port,
                        description: port.description,
                        tags: { ...args.tags, Name: `${name}-${port.name}` },
                    },
                    { parent: this, provider: side.provider, dependsOn: [accepted] },
                );
            }
        }
        this.peeringConnectionId = connection.id;
        this.registerOutputs({ peeringConnectionId: this.peeringConnectionId });
    }
}
