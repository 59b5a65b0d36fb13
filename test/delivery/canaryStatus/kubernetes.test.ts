import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { KubernetesCanaryStatus } from "../../../delivery/canaryStatus/kubernetes";
import { kubeconfigsFromOutputs } from "../../../delivery/canaryStatus/platformKubeconfigs";
import { OfflineCanaryStatus } from "../../../delivery/canaryStatus/offline";
import type { CanaryStatusReport } from "../../../delivery/canaryStatus/types";
import { eksKubeconfig } from "../../../delivery/mockState";
import { shopCanary } from "../../helpers/canaries";
import { REPO } from "../../helpers/plans";

const FIXTURES = path.join(REPO, "test", "fixtures", "kubernetes");
/** A self-signed certificate for 127.0.0.1, valid 2000-2100: the fake API server's, and the kubeconfig's CA. */
const CERTIFICATE = fs.readFileSync(path.join(FIXTURES, "api-server.crt"));
const KEY = fs.readFileSync(path.join(FIXTURES, "api-server.key"));

/**
 * A kubeconfig exec credential plugin, as `aws eks get-token` is one: prints an ExecCredential, of the apiVersion
 * KUBERNETES_EXEC_INFO asks for, whose token is the content of the file BERTH_TEST_TOKEN_FILE, and counts its runs in
 * BERTH_TEST_RUNS_FILE; fails when the token is "fail". A shell script: the tests below run it eight times, and a Node
 * process would take a tenth of a second of CPU each time.
 */
const PLUGIN = `
api=$(printf '%s' "$KUBERNETES_EXEC_INFO" | sed -n 's/.*"apiVersion":"\\([^"]*\\)".*/\\1/p')
echo run >> "$BERTH_TEST_RUNS_FILE"
token=$(cat "$BERTH_TEST_TOKEN_FILE")
if [ "$token" = fail ]; then printf 'partial output %s' "$token"; exit 3; fi
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$api" "$token" "$BERTH_TEST_EXPIRES"
`;

const CANARY_PATH = "/apis/flagger.app/v1beta1/namespaces/shop/canaries/shop";

/** Flagger's status of a release under way: the second step of three, one check failed. */
const PROGRESSING = {
    apiVersion: "flagger.app/v1beta1",
    kind: "Canary",
    metadata: { name: "shop", namespace: "shop" },
    status: {
        phase: "Progressing",
        canaryWeight: 20,
        failedChecks: 1,
        iterations: 0,
        lastTransitionTime: "2026-01-05T10:00:30Z",
        conditions: [
            {
                type: "Promoted",
                status: "Unknown",
                lastTransitionTime: "2026-01-05T10:00:00Z",
                reason: "Progressing",
                message: "New revision detected, progressing canary analysis.",
            },
        ],
    },
};

/** A fake Kubernetes API server over HTTPS on 127.0.0.1: answers GETs of `objects` to the bearer of `token()`, else 401. */
async function fakeApiServer(objects: Record<string, unknown>, token: () => string) {
    const requests: { path: string; authorized: boolean }[] = [];
    const server = https.createServer({ key: KEY, cert: CERTIFICATE }, (request, response) => {
        const authorized = request.headers.authorization === `Bearer ${token()}`;
        requests.push({ path: request.url ?? "", authorized });
        const send = (status: number, body: unknown) =>
            response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
        if (!authorized) return send(401, { kind: "Status", message: "Unauthorized" });
        if (request.url === "/apis/flagger.app/v1beta1/namespaces/locked/canaries/locked") return send(403, { kind: "Status" });
        const object = objects[request.url ?? ""];
        return object ? send(200, object) : send(404, { kind: "Status", reason: "NotFound" });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** An EKS-shaped kubeconfig (JSON) for a server, trusting `ca`, whose credential plugin is PLUGIN instead of `aws eks get-token`. */
function kubeconfig(server: string, plugin: { tokenFile: string; runsFile: string; expires: string }, ca: Buffer | null = CERTIFICATE) {
    return JSON.stringify(
        eksKubeconfig(server, ca?.toString("base64"), {
            command: "/bin/sh",
            args: ["-c", PLUGIN],
            env: [
                { name: "BERTH_TEST_TOKEN_FILE", value: plugin.tokenFile },
                { name: "BERTH_TEST_RUNS_FILE", value: plugin.runsFile },
                { name: "BERTH_TEST_EXPIRES", value: plugin.expires },
            ],
        }),
    );
}

describe("canary status: reading Flagger's Canary objects from a cluster (delivery/canaryStatus)", () => {
    let dir: string;
    let tokenFile: string;
    let runsFile: string;
    let token: string;
    let api: Awaited<ReturnType<typeof fakeApiServer>>;
    const NOW = Date.parse("2026-01-05T10:01:00Z");
    const plugin = () => ({ tokenFile, runsFile, expires: "2026-01-05T11:00:00Z" });
    const runs = () => (fs.existsSync(runsFile) ? fs.readFileSync(runsFile, "utf8").split("\n").filter(Boolean).length : 0);
    const setToken = (value: string) => {
        token = value;
        fs.writeFileSync(tokenFile, value);
    };
    const reader = (kubeconfigs: Record<string, string>, now = () => NOW) =>
        new KubernetesCanaryStatus({ kubeconfigs: async () => kubeconfigs, now, client: { now, timeoutMs: 2000 } });

    beforeEach(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-canary-status-"));
        tokenFile = path.join(dir, "token");
        runsFile = path.join(dir, "runs");
        setToken("k8s-aws-v1.first-token");
        api = await fakeApiServer({ [CANARY_PATH]: PROGRESSING }, () => token);
    });
    afterEach(async () => {
        await api.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("reads each Canary's phase, weight, failed checks, iterations, message and transition time over HTTPS with the plugin's token", async () => {
        const config = kubeconfig(api.url, plugin());
        const report = await reader({ "dev-euw1": config }).read("dev", [shopCanary()]);
        expect(report).to.deep.equal({
            source: "cluster",
            canaries: [
                {
                    resource: "dev-euw1-shop-canary",
                    cluster: "dev-euw1",
                    namespace: "shop",
                    name: "shop",
                    status: {
                        phase: "Progressing",
                        canaryWeight: 20,
                        failedChecks: 1,
                        iterations: 0,
                        message: "New revision detected, progressing canary analysis.",
                        lastTransitionTime: "2026-01-05T10:00:30Z",
                    },
                },
            ],
        } satisfies CanaryStatusReport);
        expect(api.requests).to.deep.equal([{ path: CANARY_PATH, authorized: true }]);
        const shown = JSON.stringify(report);
        expect(shown).to.not.contain("first-token");
        expect(shown).to.not.contain(CERTIFICATE.toString("base64").slice(0, 40));
    });

    it("runs the credential plugin once while its token is valid, again after a 401, and again when it nears expiry", async () => {
        let now = NOW;
        const status = reader({ "dev-euw1": kubeconfig(api.url, plugin()) }, () => now);
        await status.read("dev", [shopCanary()]);
        await status.read("dev", [shopCanary()]);
        expect(runs()).to.equal(1);

        // The cluster stops accepting the token (rotated): one 401, a fresh token, the same answer.
        setToken("k8s-aws-v1.second-token");
        const report = await status.read("dev", [shopCanary()]);
        expect(runs()).to.equal(2);
        expect(report.canaries[0].status?.phase).to.equal("Progressing");
        expect(api.requests.slice(-2).map((request) => request.authorized)).to.deep.equal([false, true]);

        // A minute before the token expires, the plugin runs again before the request goes out.
        now = Date.parse("2026-01-05T10:59:30Z");
        await status.read("dev", [shopCanary()]);
        expect(runs()).to.equal(3);
        expect(api.requests.at(-1)?.authorized).to.equal(true);
    });

    it("says per canary why its status could not be read: missing, refused, an unknown cluster, or a canary the stack does not place", async () => {
        const report = await reader({ "dev-euw1": kubeconfig(api.url, plugin()) }).read("dev", [
            shopCanary({ resource: "gone", namespace: "gone", name: "gone" }),
            shopCanary({ resource: "locked", namespace: "locked", name: "locked" }),
            shopCanary({ resource: "elsewhere", cluster: "dev-usw2" }),
            shopCanary({ resource: "unplaced", namespace: undefined }),
        ]);
        expect(report.canaries.map((canary) => [canary.resource, canary.error])).to.deep.equal([
            ["gone", "dev-euw1 has no Canary gone/gone (not deployed yet, or Flagger's CRD is missing)"],
            [
                "locked",
                "dev-euw1 refused to show Canary locked/locked (HTTP 403): the portal's credentials need get on canaries.flagger.app",
            ],
            ["elsewhere", "the platform stack's clusters output has no kubeconfig for cluster dev-usw2"],
            ["unplaced", "the stack does not say which cluster, namespace and name it has"],
        ]);
        expect(report.canaries.every((canary) => canary.status === undefined)).to.equal(true);
    });

    it("names a failing credential command without its output, and an API server it cannot reach", async () => {
        setToken("fail");
        const failing = await reader({ "dev-euw1": kubeconfig(api.url, plugin()) }).read("dev", [shopCanary()]);
        expect(failing.canaries[0].error).to.match(
            /^dev-euw1: the kubeconfig's credential command "sh" failed: run it by hand to see why$/,
        );
        expect(JSON.stringify(failing)).to.not.contain("partial output");

        setToken("k8s-aws-v1.first-token");
        await api.close();
        const unreachable = await reader({ "dev-euw1": kubeconfig(api.url, plugin()) }).read("dev", [shopCanary()]);
        expect(unreachable.canaries[0].error).to.equal("could not reach dev-euw1's API server: ECONNREFUSED");
        api = await fakeApiServer({}, () => token);
    });

    it("trusts only the kubeconfig's certificate authority", async () => {
        const report = await reader({ "dev-euw1": kubeconfig(api.url, plugin(), null) }).read("dev", [shopCanary()]);
        expect(report.canaries[0].error).to.match(/^could not reach dev-euw1's API server: .*SELF_SIGNED/);
        expect(api.requests).to.deep.equal([]);
    });

    it("refuses a kubeconfig it cannot use, naming its keys and never its values", async () => {
        const config = JSON.stringify({
            clusters: [{ name: "c", cluster: { server: api.url } }],
            contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
            "current-context": "x",
            users: [{ name: "u", user: { username: "admin", password: "hunter2" } }],
        });
        const report = await reader({ "dev-euw1": config }).read("dev", [shopCanary()]);
        expect(report.canaries[0].error).to.equal(
            "dev-euw1: the kubeconfig's user has no token, client certificate or exec credential plugin (username, password)",
        );
        expect(JSON.stringify(report)).to.not.contain("hunter2");
    });

    it("says where the kubeconfigs were to come from when reading them fails, without the failure's text", async () => {
        const status = new KubernetesCanaryStatus({
            kubeconfigs: async () => {
                throw new Error('CommandError: stdout: {"clusters":{"kubeconfig":"secret-kubeconfig"}}');
            },
        });
        const report = await status.read("prod", [shopCanary()]);
        expect(report.canaries[0].error).to.equal(
            "could not read the kubeconfigs from the prod platform stack's clusters output: run `pulumi stack output clusters -s prod` to see why",
        );
        expect(JSON.stringify(report)).to.not.contain("secret-kubeconfig");
    });

    it("asks nothing when there are no canaries", async () => {
        let asked = false;
        const status = new KubernetesCanaryStatus({ kubeconfigs: async () => ((asked = true), {}) });
        expect(await status.read("dev", [])).to.deep.equal({ source: "cluster", canaries: [] });
        expect(asked).to.equal(false);
    });
});

describe("canary status: the kubeconfigs of a platform stack's clusters output", () => {
    it("takes each cluster's kubeconfig, as text or as an object", () => {
        const kubeconfigs = kubeconfigsFromOutputs("dev", {
            "dev-euw1": { region: "eu-west-1", kubeconfig: '{"apiVersion":"v1"}' },
            "dev-usw2": { region: "us-west-2", kubeconfig: { apiVersion: "v1" } },
            "dev-apse1": { region: "ap-southeast-1" },
        });
        expect(kubeconfigs).to.deep.equal({ "dev-euw1": '{"apiVersion":"v1"}', "dev-usw2": '{"apiVersion":"v1"}' });
    });

    it("says when the stack has no clusters output", () => {
        expect(() => kubeconfigsFromOutputs("dev", undefined)).to.throw("the dev platform stack has no clusters output: deploy it first");
    });
});

describe("canary status offline", () => {
    it("says plainly that there is no cluster, and reads nothing", async () => {
        const report = await new OfflineCanaryStatus().read("dev", [shopCanary()]);
        expect(report.source).to.equal("offline");
        expect(report.note).to.match(/^Offline mode: there is no cluster .* planned analysis only\.$/);
        expect(report.canaries).to.deep.equal([{ resource: "dev-euw1-shop-canary", cluster: "dev-euw1", namespace: "shop", name: "shop" }]);
    });
});
