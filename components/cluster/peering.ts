import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Network } from "./network";

/** One end of a peering: a cluster's network, in its region, through that region's provider. */
export interface PeerSide {
    network: Network;
    region: string;
    provider: aws.Provider;
}

export interface VpcPeeringArgs {
    /** The side that asks (a spoke cluster). */
    requester: PeerSide;
    /** The side that accepts (the hub cluster). */
    accepter: PeerSide;
    /** Tags on the peering connection. @default none */
    tags?: Record<string, string>;
}

/**
 * Connects two cluster VPCs, across regions when they differ, with routes both ways in every route
 * table, so that add-ons in one cluster reach internal endpoints of the other.
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
        this.peeringConnectionId = connection.id;
        this.registerOutputs({ peeringConnectionId: this.peeringConnectionId });
    }
}
