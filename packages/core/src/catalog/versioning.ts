import type { StorageDriver } from "../storage/driver.ts";

/** Kedro's version format: an ISO timestamp with `.` for `:` (safe in paths and keys). */
export function versionFor(date: Date): string {
  return date.toISOString().replaceAll(":", ".");
}

/** `…/model.json` at version v → `…/model.json/v/model.json`. */
export function versionedUri(uri: string, version: string): string {
  const file = uri.slice(uri.lastIndexOf("/") + 1);
  return `${uri}/${version}/${file}`;
}

/** Saved versions, oldest first. */
export async function listVersions(driver: StorageDriver, uri: string): Promise<string[]> {
  const file = uri.slice(uri.lastIndexOf("/") + 1);
  const prefix = `${uri}/`;
  return (await driver.list(prefix))
    .filter((u) => u.endsWith(`/${file}`))
    .map((u) => u.slice(prefix.length, -(file.length + 1)))
    .filter((v) => v.length > 0 && !v.includes("/"))
    .sort();
}

/** The newest saved version, or undefined when none was saved. */
export async function latestVersion(driver: StorageDriver, uri: string): Promise<string | undefined> {
  return (await listVersions(driver, uri)).at(-1);
}
