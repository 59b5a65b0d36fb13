// Berth's CrossGuard policy pack: `pulumi preview --policy-pack policy` (README, "Policies"). The rules are
// delivery/policies', the same that `berth check` runs against the offline plan.
import { PolicyPack } from "@pulumi/policy";
import { berthPolicies } from "./policies";
import { packSettings } from "./settings";

new PolicyPack("berth", {
    description: "Berth's platform policies, at the severities of the stack's environment and platform:policies",
    policies: berthPolicies(packSettings(process.env)),
});
