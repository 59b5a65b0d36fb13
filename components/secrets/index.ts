export { clusterSecretStoreSpec, externalSecretSpec, REFRESH_INTERVAL } from "./externalSecret";
export type { ExternalSecretKey } from "./externalSecret";
export { CLUSTER_SECRET_STORE, ENVIRONMENT_SEGMENT, OPERATOR_ACCOUNT, SECRETS_NAMESPACE, secretPathPrefix } from "./names";
export { externalSecretsValues } from "./operatorValues";
export { partitionAndAccount, secretsReadPolicy } from "./policy";
export type { SecretsReadScope } from "./policy";
export {
    outsidePrefixProblem,
    SECRET_ARN,
    SECRET_KEY,
    SECRET_NAME,
    secretAccount,
    secretName,
    secretReferenceProblem,
    secretRegion,
} from "./reference";
export type { SecretsManagerValue } from "./reference";
export { Secrets } from "./secrets";
export type { SecretsArgs, SecretsCluster } from "./secrets";
export { externalSecret } from "./store";
export type { ExternalSecretArgs, SecretStore } from "./store";
export { secretsArgProblems } from "./validate";
