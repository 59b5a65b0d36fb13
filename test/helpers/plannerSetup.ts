// Loaded by mocha right after bin/register.js (.mocharc.json): the suite's processes and test worker threads set up
// the Pulumi SDK, and stack traces, as `berth plan` sets them up.
import { deferUnusedModules, skipPromiseTracking, skipSourcePositions } from "../../delivery/pulumiInternals";

// The SDK tracks every promise, with a stack trace, for a leak report that cannot see a plan's promises, and walks
// the stack of every resource for a source position no plan reads; and it loads modules no plan uses (the closure
// serialiser with the TypeScript compiler, gRPC, every provider namespace). The CLI leaves all of these out before it
// plans, and so does the suite, so that every test plans as `berth plan` does; a test that uses one loads it then.
deferUnusedModules();
skipPromiseTracking();
skipSourcePositions();

// bin/register.js maps every formatted stack trace back to TypeScript lines, and the SDK still formats one for every resource
// (`new Error().stack`, an error without a message, parsed only for positions). Those keep V8's own format; every
// error with a message (a failed assertion, a thrown error) is still mapped, so a failing test points at its line.
const sourceMapped = Error.prepareStackTrace;

if (sourceMapped) {
    Error.prepareStackTrace = (error, frames) =>
        error.message === "" ? `${error}${frames.map((frame) => `\n    at ${frame}`).join("")}` : sourceMapped(error, frames);
}
