import { expect } from "chai";
import { workloadResourceRequests } from "../../../delivery/policies/rules/workloadRequests";
import { findings, resource } from "../resources";

const REQUESTS = { requests: { cpu: "10m", memory: "32Mi" } };
const deployment = (containers: unknown[], initContainers: unknown[] = []) =>
    resource("kubernetes:apps/v1:Deployment", "blackbox", { spec: { template: { spec: { containers, initContainers } } } });

describe("policy workload-resource-requests", () => {
    it("passes workloads whose every container requests CPU and memory, CronJobs included", () => {
        expect(
            findings(
                workloadResourceRequests,
                deployment([{ name: "exporter", resources: REQUESTS }], [{ name: "init", resources: REQUESTS }]),
                resource("kubernetes:batch/v1:CronJob", "cleanup", {
                    spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "job", resources: REQUESTS }] } } } } },
                }),
            ),
        ).to.deep.equal([]);
    });

    it("fails a container without requests and an init container without a memory request, naming them", () => {
        expect(
            findings(
                workloadResourceRequests,
                deployment(
                    [{ name: "exporter", resources: { limits: { cpu: "100m" } } }],
                    [{ name: "migrate", resources: { requests: { cpu: "5m" } } }],
                ),
                resource("kubernetes:apps/v1:StatefulSet", "db", { spec: { template: { spec: { containers: [{ name: "postgres" }] } } } }),
            ),
        ).to.deep.equal([
            "blackbox: init container migrate requests no memory",
            "blackbox: container exporter requests no cpu and no memory",
            "db: container postgres requests no cpu and no memory",
        ]);
    });
});
