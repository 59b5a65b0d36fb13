import { z } from "zod";

/**
 * Reading a config object that parsed only in part. Cross-field rules run on every object that is a map, even when
 * some of its fields have the wrong type, so that one run reports every problem; a rule reads each field it needs
 * through these helpers and stays silent about a field that did not parse (that field has its own problem already).
 */

export type Loose = Record<string, unknown>;

export function isMap(value: unknown): value is Loose {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `superRefine(rule, everyMap)`: zod would skip the rule as soon as any field failed; this runs it on any map. */
export const everyMap = { when: (payload: z.core.ParsePayload) => isMap(payload.value) };

export const wholeOrUndefined = (value: unknown): number | undefined =>
    typeof value === "number" && Number.isInteger(value) ? value : undefined;

export const stringOrUndefined = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A list of strings, or undefined when the value is not one (then the list has its own problem). */
export const stringsOrUndefined = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;

/** The maps of a list, an empty map standing for each item that is not one; no items when the value is not a list. */
export const mapsOf = (value: unknown): Loose[] => (Array.isArray(value) ? value.map((item) => (isMap(item) ? item : {})) : []);

/**
 * A whole number. Not zod's `.int()`: its failure aborts every cross-field rule above it, so `desiredSize: 1.5`
 * would hide a min > max elsewhere in the config.
 */
export const wholeNumber = () => z.number().refine(Number.isInteger, { error: "must be a whole number" });
