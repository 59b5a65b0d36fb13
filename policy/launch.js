"use strict";
// What the Pulumi CLI loads for the pack (package.json "main"). Its policy host registers ts-node with type checking,
// so a pack in TypeScript is type-checked with everything it imports (zod, the SDK's own types and gRPC's: some 480
// files, about 3 s) before every preview. Berth's own type check covers policy/ already (npm test), so the pack runs
// the build of index.ts instead, brought up to date first as `berth` does: an edited rule applies at the next preview.
require("../bin/build").ensureBuilt();
require("../dist/policy/index");
