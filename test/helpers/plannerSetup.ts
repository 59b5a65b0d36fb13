// Loaded by mocha right after bin/register.js (.mocharc.json): the suite's processes and test worker threads set up
// the Pulumi SDK, and stack traces, as `berth plan` sets them up.
import { setUpForPlanning } from "../../delivery/pulumiInternals";
import { optimiseOnlyLongRunningCode } from "../../delivery/shortRun";

// Every test plans as `berth plan` does; a test that uses a module a plan leaves out loads it then.
setUpForPlanning();
// A suite runs a little of a great deal of code, as a plan does, on as many cores as it has.
optimiseOnlyLongRunningCode();

// bin/register.js maps every formatted stack trace back to TypeScript lines, and the SDK still formats one for every
// resource (`new Error().stack`, an error without a message, parsed only for positions). Those keep V8's own format;
// every error with a message (a failed assertion, a thrown error) is still mapped, so a failing test points at its line.
const sourceMapped = Error.prepareStackTrace;

if (sourceMapped) {
    Error.prepareStackTrace = (error, frames) =>
        error.message === "" ? `${error}${frames.map((frame) => `\n    at ${frame}`).join("")}` : sourceMapped(error, frames);
}
