import { expect } from "chai";
import { BerthConfigError, parsePlatformConfig } from "../../stacks/config";

/** The day config tests are judged on, so that support dates do not age the suite. */
export const today = new Date("2026-11-26T12:00:00Z");

/** The (mock) account prod configs allow: prod requires platform:allowedAccountIds. */
export const ACCOUNT_IDS = ["123456789012"];

/** A valid dev cluster, with the given keys replaced. */
export const cluster = (overrides: Record<string, unknown> = {}) => ({
    name: "dev-euw1",
    region: "eu-west-1",
    network: { cidr: "10.10.0.0/16" },
    ...overrides,
});

/**
 * A valid prod cluster (its public endpoint limited, its ingress given domains and TLS, as prod requires), with the
 * given keys replaced. TLS ends at the gateway, so the cluster stays valid in any region.
 */
export const prodCluster = (overrides: Record<string, unknown> = {}) =>
    cluster({
        name: "prod-euw1",
        network: { cidr: "10.20.0.0/16" },
        endpoint: { publicAccessCidrs: ["203.0.113.0/24"] },
        ingress: { domains: ["apps.example.com"], tls: { gatewaySecret: "apps-tls" } },
        ...overrides,
    });

/** The problems a config is refused with; fails the test when it is accepted. */
export function problemsOf(raw: Record<string, unknown>, stack = "dev"): string[] {
    try {
        parsePlatformConfig(raw, { stack, today });
    } catch (error) {
        expect(error).to.be.instanceOf(BerthConfigError);
        return [...(error as BerthConfigError).problems];
    }
    throw new Error("the config was accepted");
}
