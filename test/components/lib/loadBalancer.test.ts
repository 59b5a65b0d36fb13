import { expect } from "chai";
import { internalLoadBalancerService } from "../../../components/lib/loadBalancer";

describe("internal load balancer Service", () => {
    const pods = { selector: { app: "ui" }, targetPort: 3000, allowedCidrs: ["10.20.0.0/16", "10.99.0.0/24"] };

    it("listens on HTTP port 80 unless told otherwise, and sends straight to the pods' port", () => {
        expect(internalLoadBalancerService(pods).spec.ports).to.deep.equal([{ name: "http", port: 80, targetPort: 3000, protocol: "TCP" }]);
        expect(internalLoadBalancerService({ ...pods, listener: { name: "https", port: 9200 } }).spec.ports).to.deep.equal([
            { name: "https", port: 9200, targetPort: 3000, protocol: "TCP" },
        ]);
    });

    it("is an internal NLB that admits exactly the given networks", () => {
        const { annotations, spec } = internalLoadBalancerService(pods);
        expect(annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).to.equal("internal");
        expect(spec).to.deep.include({
            type: "LoadBalancer",
            selector: { app: "ui" },
            loadBalancerSourceRanges: ["10.20.0.0/16", "10.99.0.0/24"],
        });
    });

    it("copies the caller's selector and networks, so that editing them later changes no Service", () => {
        const selector = { app: "ui" };
        const allowedCidrs = ["10.20.0.0/16"];
        const { spec } = internalLoadBalancerService({ selector, targetPort: 3000, allowedCidrs });
        selector.app = "other";
        allowedCidrs.push("0.0.0.0/0");
        expect(spec.selector).to.deep.equal({ app: "ui" });
        expect(spec.loadBalancerSourceRanges).to.deep.equal(["10.20.0.0/16"]);
    });
});
