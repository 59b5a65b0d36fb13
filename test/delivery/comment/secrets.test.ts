import { expect } from "chai";
import { propertyChanges } from "../../../delivery/comment/propertyChanges";
import type { PreviewStep } from "../../../delivery/comment/previewJson";

const URN = "urn:pulumi:dev::platform::aws:ssm/parameter:Parameter::token";
const WIRE_SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "WIRE-PLAINTEXT" };

function update(oldState: PreviewStep["oldState"], newState: PreviewStep["newState"], path: string, inputDiff: boolean): PreviewStep {
    return { op: "update", urn: URN, oldState, newState, detailedDiff: { [path]: { kind: "update", inputDiff } } };
}

describe("berth comment: secrets in property changes", () => {
    it("hides a value in the wire format's secret envelope, and its counterpart", () => {
        const [change] = propertyChanges(update({ inputs: { value: "OLD-PLAINTEXT" } }, { inputs: { value: WIRE_SECRET } }, "value", true));
        expect(change).to.deep.include({ before: "[secret]", after: "[secret]" });
    });

    it("hides an output the provider always keeps secret, even where the old outputs carry its plaintext", () => {
        const [change] = propertyChanges(
            update(
                { inputs: {}, outputs: { value: "OLD-PLAINTEXT" }, additionalSecretOutputs: ["value"] },
                { inputs: { value: "NEW-PLAINTEXT" } },
                "value",
                false,
            ),
        );
        expect(change).to.deep.include({ before: "[secret]", after: "[secret]" });
    });

    it("hides a leaf whose parent object is a secret on the other side", () => {
        const [change] = propertyChanges(
            update({ inputs: { auth: { token: "OLD-PLAINTEXT" } } }, { inputs: { auth: "[secret]" } }, "auth.token", true),
        );
        expect(change).to.deep.include({ before: "[secret]", after: "[secret]" });
    });

    it("still shows the plain properties next to a secret", () => {
        const [change] = propertyChanges(
            update(
                { inputs: { config: { user: "admin", password: "[secret]" } } },
                { inputs: { config: { user: "root", password: "OOPS" } } },
                "config",
                true,
            ),
        );
        expect(change).to.deep.include({
            before: '{"user":"admin","password":"[secret]"}',
            after: '{"user":"root","password":"[secret]"}',
        });
    });
});
