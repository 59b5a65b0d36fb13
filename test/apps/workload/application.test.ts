import { expect } from "chai";
import { applicationFromConfig } from "../../../apps/workload/application";

function problemsOf(environment: string, application: unknown): string[] {
    try {
        applicationFromConfig(environment, application);
    } catch (err) {
        return (err as { problems: string[] }).problems;
    }
    throw new Error("expected the application to be refused");
}

describe("apps/workload: the application an application stack runs", () => {
    const spec = { name: "catalog", clusters: ["dev-euw1"], image: { repository: "storefront", tag: "v2.0.0" } };

    it("takes the environment's defaults, as platform:workloads does", () => {
        expect(applicationFromConfig("dev", spec)).to.deep.include({ replicas: { min: 1, max: 3 }, spot: true });
        expect(applicationFromConfig("prod", spec).replicas).to.deep.equal({ min: 3, max: 10 });
    });

    it("names each problem by its key under berth-app:application", () => {
        expect(problemsOf("dev", { ...spec, image: { repository: "storefront", tag: "-bad" }, replicas: { min: 0 } })).to.deep.equal([
            'berth-app:application.image.tag: must be an image tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-" (got "-bad")',
            "berth-app:application.replicas.min: must be >= 1 (got 0)",
        ]);
    });

    it("refuses an environment kind other than dev or prod", () => {
        expect(problemsOf("staging", spec)).to.deep.equal(['berth-app:environment: must be one of dev, prod (got "staging")']);
    });
});
