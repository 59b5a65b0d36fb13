/** CPU architecture of EC2 instance types, and the EKS AMI each one boots. */

export type Architecture = "x86_64" | "arm64";

// Graviton families carry a "g" right after the generation digit: m7g, c6gn, x2gd, is4gen, g5g (but not g4dn or gr6).
const GRAVITON_FAMILY = /^[a-z]+\d+g/;

/** The architecture of one instance type, from its family ("m7g.large" -> arm64). */
export function architectureOf(instanceType: string): Architecture {
    const family = instanceType.split(".")[0] ?? "";
    return family === "a1" || GRAVITON_FAMILY.test(family) ? "arm64" : "x86_64";
}

/** The instance types of a pool grouped by architecture, in the order given. */
export function architecturesOf(instanceTypes: readonly string[]): Partial<Record<Architecture, string[]>> {
    const groups: Partial<Record<Architecture, string[]>> = {};
    for (const type of instanceTypes) {
        (groups[architectureOf(type)] ??= []).push(type);
    }
    return groups;
}

/** A node group boots one AMI, so its instance types must share one architecture; a reason when they do not. */
export function poolArchitecture(instanceTypes: readonly string[]): { architecture: Architecture } | { refusal: string } {
    const groups = architecturesOf(instanceTypes);
    const found = Object.keys(groups) as Architecture[];
    if (found.length === 1) {
        return { architecture: found[0] };
    }
    if (found.length === 0) {
        return { refusal: "lists no instance type" };
    }
    return {
        refusal: `mixes architectures (arm64: ${groups.arm64!.join(", ")}; x86_64: ${groups.x86_64!.join(", ")}): a node group boots one AMI, so split it into two pools`,
    };
}

/** The EKS-optimised Amazon Linux 2023 AMI type for an architecture. */
export const AMI_TYPES: Readonly<Record<Architecture, string>> = {
    x86_64: "AL2023_x86_64_STANDARD",
    arm64: "AL2023_ARM_64_STANDARD",
};
