import { expect } from "chai";
import {
    developerReadOnlyRules,
    headlampValues,
    namespaceListRules,
    PolicyRule,
    SYSTEM_POOL_PLACEMENT,
    tokenRequestRules,
} from "../../../components";

/** Whether RBAC rules allow a request: `resource` may be "pods/log"; `name` the object's name, for resourceNames. */
function allows(rules: PolicyRule[], verb: string, group: string, resource: string, name?: string): boolean {
    return rules.some(
        (rule) =>
            (rule.verbs.includes(verb) || rule.verbs.includes("*")) &&
            (rule.apiGroups.includes(group) || rule.apiGroups.includes("*")) &&
            (rule.resources.includes(resource) || rule.resources.includes("*")) &&
            (rule.resourceNames === undefined || (name !== undefined && rule.resourceNames.includes(name))),
    );
}

describe("dashboard builders", () => {
    describe("the developers' read-only role", () => {
        const rules = developerReadOnlyRules();

        it("lets a developer see workloads, pods, their logs and events, and the platform objects an application owns", () => {
            for (const [group, resource] of [
                ["", "pods"],
                ["", "pods/log"],
                ["", "events"],
                ["", "configmaps"],
                ["apps", "deployments"],
                ["apps", "replicasets"],
                ["batch", "jobs"],
                ["autoscaling", "horizontalpodautoscalers"],
                ["networking.istio.io", "virtualservices"],
                ["monitoring.coreos.com", "servicemonitors"],
                ["external-secrets.io", "externalsecrets"],
                ["flagger.app", "canaries"],
                ["metrics.k8s.io", "pods"],
            ]) {
                for (const verb of ["get", "list", "watch"]) {
                    expect(allows(rules, verb, group, resource), `${verb} ${group}/${resource}`).to.equal(true);
                }
            }
        });

        it("denies reading Secrets, changing anything, and every way into a running pod", () => {
            for (const verb of ["get", "list", "watch"]) {
                expect(allows(rules, verb, "", "secrets"), `${verb} secrets`).to.equal(false);
            }
            for (const verb of ["create", "update", "patch", "delete", "deletecollection"]) {
                for (const [group, resource] of [
                    ["", "pods"],
                    ["apps", "deployments"],
                    ["", "configmaps"],
                    ["networking.istio.io", "virtualservices"],
                ]) {
                    expect(allows(rules, verb, group, resource), `${verb} ${group}/${resource}`).to.equal(false);
                }
            }
            for (const subresource of ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy"]) {
                expect(allows(rules, "create", "", subresource), subresource).to.equal(false);
                expect(allows(rules, "get", "", subresource), subresource).to.equal(false);
            }
            expect(allows(rules, "create", "", "serviceaccounts/token")).to.equal(false);
        });

        it("lists namespaces cluster-wide for Headlamp's picker, and nothing else", () => {
            const listing = namespaceListRules();
            expect(allows(listing, "list", "", "namespaces")).to.equal(true);
            expect(allows(listing, "delete", "", "namespaces")).to.equal(false);
            expect(allows(listing, "list", "", "pods")).to.equal(false);
            expect(allows(listing, "list", "", "nodes")).to.equal(false);
        });

        it("lets a developer request a token for the developer account only, never for platform-admin", () => {
            const signIn = tokenRequestRules("developer");
            expect(allows(signIn, "create", "", "serviceaccounts/token", "developer")).to.equal(true);
            expect(allows(signIn, "create", "", "serviceaccounts/token", "platform-admin")).to.equal(false);
            expect(allows(signIn, "create", "", "serviceaccounts/token")).to.equal(false);
            expect(allows(signIn, "get", "", "secrets", "developer")).to.equal(false);
        });
    });

    describe("headlampValues", () => {
        it("runs one pod in dev without a disruption budget, and spreads several over zones with one kept through a drain", () => {
            const one = headlampValues({ replicas: 1, sessionTtlHours: 24 });
            expect(one.replicaCount).to.equal(1);
            expect(one).to.not.have.property("podDisruptionBudget");
            expect(one).to.not.have.property("topologySpreadConstraints");
            const two = headlampValues({ replicas: 2, sessionTtlHours: 8 });
            expect(two.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1, maxUnavailable: null });
            expect((two.topologySpreadConstraints as any[])[0].topologyKey).to.equal("topology.kubernetes.io/zone");
        });

        it("ends a session after the configured hours, in the seconds the chart takes", () => {
            expect((headlampValues({ replicas: 1, sessionTtlHours: 8 }).config as any).sessionTTL).to.equal(28800);
        });

        it("runs on the system pool in a container that can neither escalate nor write its root filesystem", () => {
            const values = headlampValues({ replicas: 2, sessionTtlHours: 8 });
            expect(values.nodeSelector).to.deep.equal(SYSTEM_POOL_PLACEMENT.nodeSelector);
            expect(values.tolerations).to.deep.equal(SYSTEM_POOL_PLACEMENT.tolerations);
            expect(values.securityContext).to.include({
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
            });
            expect((values.config as any).oidc).to.deep.equal({ secret: { create: false } });
        });
    });
});
