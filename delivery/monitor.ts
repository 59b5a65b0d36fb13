import { codeUnitOrder } from "./codeUnitOrder";
import { BerthMocks } from "./mocks";
import { mockMonitorClass, wireEncodings } from "./pulumiInternals";

const WIRE = wireEncodings();

/** One resource registration as the engine sees it, in the plan document's shape. */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string | null;
    provider: string | null;
    /** A component's providers by package (only when it was given any). */
    providers?: Record<string, string>;
    dependencies: string[];
    protect: boolean;
    inputs: Record<string, unknown>;
}

/** Wire values as a reader wants them: secrets hidden, resource references as their URN, unknowns named. */
export function readable(value: unknown): unknown {
    if (value === WIRE.unknown) return "[unknown]";
    if (Array.isArray(value)) return value.map(readable);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[WIRE.sigKey] === WIRE.secretSig) return "[secret]";
    if (obj[WIRE.sigKey] === WIRE.resourceSig) return obj.urn;
    // Keys in order, as protobuf's Struct gives them: the plan reads the same whether or not Structs pass through.
    return Object.fromEntries(
        Object.keys(obj)
            .sort()
            .map((key) => [key, readable(obj[key])]),
    );
}

/** "<urn>::<id>" provider reference → urn. */
const urnOfRef = (ref: string): string => ref.slice(0, ref.lastIndexOf("::"));

/**
 * A MockMonitor that records every registration. `Mocks.newResource` never sees a resource's parent,
 * dependencies, provider or protect flag; the monitor gets the whole request.
 */
export class RecordingMonitor extends mockMonitorClass() {
    readonly registrations: Registration[] = [];
    /** The root stack's outputs, as registered by `runInPulumiStack`. */
    stackOutputs: Record<string, unknown> = {};

    constructor(mocks: BerthMocks = new BerthMocks()) {
        super(mocks);
    }

    override async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const refs = new Map(req.getProvidersMap().toArray() as [string, string][]);
        const type = String(req.getType());
        const providerRef: string = req.getProvider() || componentProviderRef(type, refs);
        // Pushed now, not when the response arrives, so the plan lists resources in the order the program registered them.
        const record: Registration = {
            urn: "",
            type,
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent() || null,
            provider: providerRef ? urnOfRef(providerRef) : null,
            ...(refs.size > 0
                ? { providers: Object.fromEntries([...refs].sort(([a], [b]) => codeUnitOrder(a, b)).map(([p, r]) => [p, urnOfRef(r)])) }
                : {}),
            dependencies: [...new Set<string>(req.getDependenciesList())].sort(),
            // protect is an optional field: unset means "not protected" (the SDK already copied a parent's flag).
            protect: req.hasProtect() ? req.getProtect() : false,
            inputs: readable(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        };
        this.registrations.push(record);
        // The base class hands Mocks.newResource only req.getProvider(), which is empty for components; showing it the
        // component's aws provider lets a remote component (eks:index:Cluster) learn its region.
        const mockRef = req.getProvider() || refs.get("aws") || providerRef;
        const mockView = Object.create(req, { getProvider: { value: () => mockRef } });
        return super.registerResource(mockView, (err, response) => {
            if (response) record.urn = response.getUrn();
            callback(err, response);
        });
    }

    override registerResourceOutputs(req: any, callback: (err: any, response: any) => void): void {
        if (req.getUrn().split("::")[2] === "pulumi:pulumi:Stack") {
            this.stackOutputs = readable(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        super.registerResourceOutputs(req, callback);
    }
}

/** A component's provider: the one for the package that owns its type, else its only one. */
function componentProviderRef(type: string, refs: Map<string, string>): string {
    return refs.get(type.split(":")[0] ?? "") ?? (refs.size === 1 ? [...refs.values()][0]! : "");
}
