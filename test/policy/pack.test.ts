import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { expect } from "chai";
import { REPO } from "../helpers/plans";

// The pack as the Pulumi CLI runs it: the nodejs policy host starts `run-policy-pack <engine> <pack folder>` in the
// pack's folder, with the stack's name and config in the environment, reads the port the pack serves its gRPC
// analyzer on from stdout, and calls it. No CLI here, so this test plays the CLI's part with the SDK's own stubs.
const PACK = path.join(REPO, "policy");
const SDK = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (module: string) => require(require.resolve(module, { paths: [SDK] }));
const grpc = fromSdk("@grpc/grpc-js");
const { AnalyzerClient } = fromSdk("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const proto = fromSdk("@pulumi/pulumi/proto/analyzer_pb.js");
const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = fromSdk("google-protobuf/google/protobuf/empty_pb.js");

/** How the engine marks a secret and a value not known until deploy on the wire (sdk/nodejs/runtime/rpc.ts). */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

/** Starts the pack for stack prod, with s3-versioning made advisory by platform:policies; resolves with its port. */
function startPack(): { child: ChildProcess; port: Promise<number> } {
    const env = {
        ...process.env,
        PULUMI_STACK: "prod",
        PULUMI_CONFIG: JSON.stringify({ "platform:policies": JSON.stringify({ severities: { "s3-versioning": "advisory" } }) }),
    };
    const child = spawn(process.execPath, [path.join(SDK, "cmd", "run-policy-pack"), "127.0.0.1:0", "."], {
        cwd: PACK,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const port = new Promise<number>((resolve, reject) => {
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            if (/^\d+\n/.test(stdout)) resolve(Number(stdout.trim()));
        });
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        child.on("exit", (code) => reject(new Error(`the pack exited with ${code} before serving:\n${stderr}`)));
    });
    port.catch(() => undefined);
    return { child, port };
}

const call = <T>(client: any, method: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
        client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))),
    );

function resourceOptions(additionalSecretOutputs: string[] = []) {
    const options = new proto.AnalyzerResourceOptions();
    options.setAdditionalsecretoutputsList(additionalSecretOutputs);
    return options;
}

/**
 * "<policy> <level> <resource name>: <message>". The SDK puts the policy's description before the message; the
 * engine sets a resource policy's URN itself (the SDK leaves it empty), a stack policy names the resource.
 */
const described = (response: any) =>
    response
        .getDiagnosticsList()
        .map(
            (d: any) =>
                `${d.getPolicyname()} ${LEVELS[d.getEnforcementlevel()]} ${d.getUrn().split("::").pop() || "-"}: ${d.getMessage().split("\n").pop()}`,
        )
        .sort();

describe("CrossGuard pack (policy/) served as the Pulumi CLI runs it", function () {
    this.timeout(120000);
    // Started as mocha loads this file, so that it starts up while the tests before it run.
    const pack = startPack();
    let client: any;
    before(async () => {
        client = new AnalyzerClient(`127.0.0.1:${await pack.port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        pack.child.kill();
    });

    it("loads with Node 20 and ts-node registered, from its build, and serves Berth's rules at the stack's severities", async () => {
        const info: any = await call(client, "getAnalyzerInfo", new Empty());
        expect(info.getName()).to.equal("berth");
        const levels = Object.fromEntries(
            info.getPoliciesList().map((policy: any) => [policy.getName(), LEVELS[policy.getEnforcementlevel()]]),
        );
        expect(Object.keys(levels)).to.have.length(14);
        expect(levels).to.include({ "ecr-immutable-tags": "mandatory", "eks-private-endpoint": "mandatory", "s3-versioning": "advisory" });
    });

    it("reports a resource's violations before it is created, reading secrets and unknowns off the wire", async () => {
        const repository = new proto.AnalyzeRequest();
        repository.setType("aws:ecr/repository:Repository");
        repository.setName("apps/storefront");
        repository.setUrn("urn:pulumi:prod::platform::aws:ecr/repository:Repository::apps/storefront");
        repository.setProperties(
            Struct.fromJavaScript({
                imageTagMutability: "MUTABLE",
                imageScanningConfiguration: { scanOnPush: UNKNOWN_STRING },
                tags: UNKNOWN_STRING,
            }),
        );
        repository.setOptions(resourceOptions());
        expect(described(await call(client, "analyze", repository))).to.deep.equal([
            "ecr-immutable-tags mandatory -: imageTagMutability is MUTABLE: a pushed tag can be overwritten and then names an untested image",
        ]);

        const kubernetesSecret = new proto.AnalyzeRequest();
        kubernetesSecret.setType("kubernetes:core/v1:Secret");
        kubernetesSecret.setName("grafana-admin");
        kubernetesSecret.setUrn("urn:pulumi:prod::platform::kubernetes:core/v1:Secret::grafana-admin");
        kubernetesSecret.setProperties(Struct.fromJavaScript({ stringData: secret({ password: "generated" }) }));
        kubernetesSecret.setOptions(resourceOptions(["data", "stringData"]));
        expect(described(await call(client, "analyze", kubernetesSecret))).to.deep.equal([]);
    });

    it("reports what only the whole stack shows, naming the resource", async () => {
        const bucket = new proto.AnalyzerResource();
        bucket.setType("aws:s3/bucket:Bucket");
        bucket.setName("bare");
        bucket.setUrn("urn:pulumi:prod::platform::aws:s3/bucket:Bucket::bare");
        bucket.setProperties(
            Struct.fromJavaScript({ bucket: "bare-1234", tags: { "berth:environment": "prod", "cost-centre": "platform-prod" } }),
        );
        bucket.setOptions(resourceOptions());
        const request = new proto.AnalyzeStackRequest();
        request.setResourcesList([bucket]);
        expect(described(await call(client, "analyzeStack", request))).to.deep.equal([
            "s3-encryption mandatory bare: has no server-side encryption configuration (aws.s3.BucketServerSideEncryptionConfiguration)",
            "s3-no-public-access mandatory bare: has no public access block (aws.s3.BucketPublicAccessBlock): an ACL or a bucket policy can make it public",
            "s3-versioning advisory bare: keeps no object versions (no aws.s3.BucketVersioning): an overwritten or deleted object is lost",
        ]);
    });
});
