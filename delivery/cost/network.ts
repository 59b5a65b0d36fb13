import type { Registration } from "../monitor";
import { EstimateContext, regionalPrices } from "./context";
import { record, text } from "./inputs";
import { cents, count, rate } from "./money";
import type { RegionPrices } from "./prices";
import type { CostItem } from "./types";

const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
const ELASTIC_IP = "aws:ec2/eip:Eip";
const SUBNET = "aws:ec2/subnet:Subnet";
const SERVICE = "kubernetes:core/v1:Service";
const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";

/** NAT gateways (hours and processed data), load balancers (one NLB per LoadBalancer Service) and public IPv4 addresses. */
export function networkItems(context: EstimateContext): CostItem[] {
    return [...natGatewayItems(context), ...loadBalancerItems(context), ...elasticIpItems(context)];
}

/** One item per cluster (or environment) and region: gateways in a VPC are alike. */
function grouped(context: EstimateContext, resources: Registration[], what: string) {
    const groups = new Map<string, { scope: string; region: string; prices: RegionPrices; n: number }>();
    for (const resource of resources) {
        const where = regionalPrices(context, resource, what);
        if (!where) continue;
        const scope = context.index.scopeOf(resource);
        const key = `${scope}\u0000${where.region}`;
        const group = groups.get(key) ?? { scope, region: where.region, prices: where.prices, n: 0 };
        group.n += 1;
        groups.set(key, group);
    }
    return [...groups.values()];
}

function natGatewayItems(context: EstimateContext): CostItem[] {
    const { hoursPerMonth: hours, natGbPerGateway: gb } = context.assumptions;
    return grouped(context, context.index.ofType(NAT_GATEWAY), "NAT gateway").map(({ scope, region, prices, n }) => {
        const { perHour, perGb } = prices.natGateway;
        const monthly = cents(n * (perHour * hours + gb * perGb));
        return {
            scope,
            region,
            category: "NAT gateways",
            name: `${scope} NAT gateways`,
            detail: `${count(n, "gateway")} × (${rate(perHour)}/h × ${hours} h + ${gb} GB × ${rate(perGb)}/GB)`,
            monthly,
            min: monthly,
            max: monthly,
            assumptions: ["hoursPerMonth", "natGbPerGateway"],
        };
    });
}

/** Elastic IPs (the NAT gateways' addresses): AWS bills every public IPv4 address by the hour since February 2024. */
function elasticIpItems(context: EstimateContext): CostItem[] {
    const hours = context.assumptions.hoursPerMonth;
    return grouped(context, context.index.ofType(ELASTIC_IP), "Elastic IP").map(({ scope, region, prices, n }) => {
        const monthly = cents(n * prices.publicIpv4.perHour * hours);
        return {
            scope,
            region,
            category: "public IPv4",
            name: `${scope} Elastic IPs`,
            detail: `${count(n, "address", "addresses")} × ${rate(prices.publicIpv4.perHour)}/h × ${hours} h`,
            monthly,
            min: monthly,
            max: monthly,
            assumptions: ["hoursPerMonth"],
        };
    });
}

/**
 * Every Service of type LoadBalancer is one Network Load Balancer (the AWS Load Balancer Controller makes NLBs for
 * Services): hours plus an assumed NLCU use. An internet-facing one also holds a public IPv4 address in each of the
 * cluster's zones.
 */
function loadBalancerItems(context: EstimateContext): CostItem[] {
    const { hoursPerMonth: hours, nlcuPerLoadBalancer: nlcu } = context.assumptions;
    const zones = zonesByScope(context);
    return context.index
        .ofType(SERVICE)
        .filter((service) => text(record(service.inputs.spec).type) === "LoadBalancer")
        .flatMap((service): CostItem[] => {
            const where = regionalPrices(context, service, "load balancer");
            if (!where) return [];
            const scope = context.index.scopeOf(service);
            const { perHour, perNlcuHour } = where.prices.networkLoadBalancer;
            const internetFacing = text(record(record(service.inputs.metadata).annotations)[SCHEME]) === "internet-facing";
            const addresses = internetFacing ? Math.max(zones.get(scope) ?? 1, 1) : 0;
            const ipv4 = where.prices.publicIpv4.perHour;
            const monthly = cents(perHour * hours + nlcu * perNlcuHour * hours + addresses * ipv4 * hours);
            const addressPart =
                addresses > 0 ? ` + ${count(addresses, "public IPv4 address", "public IPv4 addresses")} × ${rate(ipv4)}/h` : "";
            return [
                {
                    scope,
                    region: where.region,
                    category: "load balancers",
                    name: service.name,
                    detail: `${internetFacing ? "internet-facing" : "internal"} NLB: (${rate(perHour)}/h + ${nlcu} NLCU × ${rate(perNlcuHour)}/h${addressPart}) × ${hours} h`,
                    monthly,
                    min: monthly,
                    max: monthly,
                    assumptions: ["hoursPerMonth", "nlcuPerLoadBalancer"],
                },
            ];
        });
}

/** The distinct availability zones of each cluster's subnets. */
function zonesByScope(context: EstimateContext): Map<string, number> {
    const zones = new Map<string, Set<string>>();
    for (const subnet of context.index.ofType(SUBNET)) {
        const zone = text(subnet.inputs.availabilityZone) ?? text(subnet.inputs.availabilityZoneId);
        if (zone === undefined) continue;
        const scope = context.index.scopeOf(subnet);
        zones.set(scope, (zones.get(scope) ?? new Set()).add(zone));
    }
    return new Map([...zones].map(([scope, set]) => [scope, set.size]));
}
