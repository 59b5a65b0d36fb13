export type { DashboardAccess } from "./access";
export { Dashboard } from "./dashboard";
export type { DashboardArgs, DashboardCluster } from "./dashboard";
export { headlampValues } from "./headlampValues";
export type { HeadlampSettings } from "./headlampValues";
export { DASHBOARD_NAMESPACE, DEVELOPER_ROLES, HEADLAMP_POD_LABELS, HEADLAMP_RELEASE, SIGN_IN_ACCOUNTS } from "./names";
export { developerReadOnlyRules, developerSubjects, namespaceListRules, tokenRequestRules } from "./rbac";
export type { PolicyRule, Subject } from "./rbac";
export { DASHBOARD_HOST, dashboardArgProblems, MAX_SESSION_TTL_HOURS } from "./validate";
