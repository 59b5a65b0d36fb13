// The portal's way into stack operations: pick an engine, run previews, deploys and destroys through it.
export { createEngine, chooseEngine, pulumiCli, findOnPath } from "./select";
export type { ClosableEngine, EngineChoice, EngineMode, EngineOptions } from "./select";
export { OfflineEngine } from "./offlineEngine";
export type { OfflineEngineOptions } from "./offlineEngine";
export type { DeployedPlans } from "./deployedPlans";
export { deployedPlansInMemory } from "./deployedPlans";
export { EngineSelectionError, isCancellation, OperationCancelledError, UnknownStackError } from "./errors";
export { stackKey } from "./types";
export type * from "./types";
