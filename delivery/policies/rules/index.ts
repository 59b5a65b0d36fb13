import type { Rule } from "../types";
import { ecrImmutableTags, ecrScanOnPush } from "./ecr";
import { eksControlPlaneLogging, eksPrivateEndpoint, eksSecretsEncryption } from "./eks";
import { helmPinnedVersion } from "./helm";
import { iamNoUnscopedWrite } from "./iam";
import { imdsHopLimit } from "./imds";
import { s3Encryption, s3NoPublicAccess, s3Versioning } from "./s3";
import { noPlaintextSecrets } from "./secrets";
import { awsRequiredTags } from "./tags";
import { workloadResourceRequests } from "./workloadRequests";

/** Every rule, in the order `berth check` and the README list them. */
export const RULES: readonly Rule[] = [
    ecrScanOnPush,
    ecrImmutableTags,
    eksSecretsEncryption,
    eksControlPlaneLogging,
    eksPrivateEndpoint,
    imdsHopLimit,
    helmPinnedVersion,
    iamNoUnscopedWrite,
    s3Encryption,
    s3Versioning,
    s3NoPublicAccess,
    awsRequiredTags,
    noPlaintextSecrets,
    workloadResourceRequests,
];
