import type { ArgProblem } from "../lib/argProblems";
import { isRepositoryName, repositoryName } from "./names";
import { UPSTREAMS } from "./pullThroughCache";
import type { RegistryArgs } from "./registry";
import { replicaRegions } from "./replication";

/** Every problem with a registry's arguments, so that the component is safe to use without Berth's stack config. */
export function registryArgProblems(args: RegistryArgs): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const regions = [
        args.homeRegion,
        ...replicaRegions(
            args.homeRegion,
            args.clusters.map((cluster) => cluster.region),
        ),
    ];
    for (const region of regions) {
        if (!Object.hasOwn(args.providers, region)) {
            problems.push({ propertyPath: `providers["${region}"]`, reason: `is missing: the registry creates resources in ${region}` });
        }
    }
    const prefix = args.namePrefix ?? "apps";
    for (const [index, app] of (args.repositories ?? []).entries()) {
        if (!isRepositoryName(repositoryName(prefix, app))) {
            problems.push({ propertyPath: `repositories[${index}]`, reason: `${repositoryName(prefix, app)} is not a name ECR accepts` });
        }
    }
    for (const [index, cache] of (args.pullThroughCache ?? []).entries()) {
        const needsCredentials = UPSTREAMS[cache.upstream].needsCredentials;
        for (const region of regions) {
            if (needsCredentials && !cache.credentialArns[region]) {
                problems.push({
                    propertyPath: `pullThroughCache[${index}].credentialArns["${region}"]`,
                    reason: `is missing: ${cache.upstream} needs a Secrets Manager secret in every region with a cache`,
                });
            }
        }
        if (!needsCredentials && Object.keys(cache.credentialArns).length > 0) {
            problems.push({ propertyPath: `pullThroughCache[${index}].credentialArns`, reason: `${cache.upstream} takes no credentials` });
        }
    }
    return problems;
}
