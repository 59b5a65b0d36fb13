/** Shapes of AWS identifiers that more than one config section accepts. */

export { ACCOUNT_ID, ROLE_ARN } from "../../components";

/** The shape of a region name; regions.ts holds the regions Berth deploys to. */
export const REGION = /^[a-z]{2}-[a-z]+-\d$/;
