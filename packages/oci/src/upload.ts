import type { FerryError } from "@ferry/core";
import { digestMismatch } from "./errors.ts";
import type { RegistryClient } from "./registry-client.ts";

export interface UploadOptions {
  /** Blobs up to this size go in one PUT; bigger ones in PATCH chunks. */
  readonly monolithicMaxBytes: number;
  readonly chunkSize: number;
  readonly notFound: () => FerryError;
}

/** `Location` of a response, resolved against the URL it came from (registries send relative or absolute ones). */
export function locationOf(response: Response): URL {
  const location = response.headers.get("location");
  if (!location) throw new Error(`${response.url} answered ${response.status} without a Location header`);
  return new URL(location, response.url);
}

/** Ask the registry to link a blob another repository of it already has. Returns the upload session when it did not. */
export async function mountBlob(
  client: RegistryClient,
  repository: string,
  scopes: readonly string[],
  digest: string,
  from: string,
  notFound: () => FerryError,
): Promise<{ mounted: true } | { mounted: false; session: URL }> {
  const query = new URLSearchParams({ mount: digest, from });
  const response = await client.send({
    method: "POST",
    url: `/v2/${repository}/blobs/uploads/?${query}`,
    scopes,
    ok: [201, 202],
    notFound,
  });
  await response.body?.cancel();
  return response.status === 201 ? { mounted: true } : { mounted: false, session: locationOf(response) };
}

/**
 * Upload a blob: POST to open a session (unless one is given), then either one PUT with the
 * whole blob, or PATCHes of `chunkSize` with `Content-Range` and a closing PUT `?digest=`.
 */
export async function uploadBlob(
  client: RegistryClient,
  repository: string,
  scopes: readonly string[],
  digest: string,
  blob: Blob,
  options: UploadOptions,
  session?: URL,
): Promise<void> {
  let location = session;
  if (!location) {
    const started = await client.send({
      method: "POST",
      url: `/v2/${repository}/blobs/uploads/`,
      scopes,
      ok: [202],
      notFound: options.notFound,
    });
    await started.body?.cancel();
    location = locationOf(started);
  }
  const whole = blob.size > options.monolithicMaxBytes ? undefined : blob;
  if (!whole) {
    for (let start = 0; start < blob.size; start += options.chunkSize) {
      const chunk = blob.slice(start, Math.min(blob.size, start + options.chunkSize));
      const url: URL = location;
      const patched = await client.send({
        method: "PATCH",
        url,
        scopes,
        headers: {
          "content-type": "application/octet-stream",
          "content-range": `${start}-${start + chunk.size - 1}`,
        },
        body: () => chunk,
        ok: [202],
      });
      await patched.body?.cancel();
      location = locationOf(patched);
    }
  }
  const put = new URL(location);
  put.searchParams.set("digest", digest);
  const done = await client.send({
    method: "PUT",
    url: put,
    scopes,
    headers: whole ? { "content-type": "application/octet-stream" } : {},
    body: whole ? () => whole : undefined,
    ok: [201],
  });
  await done.body?.cancel();
  const stored = done.headers.get("docker-content-digest");
  if (stored && stored !== digest) throw digestMismatch(`The blob stored by ${client.registry}`, digest, stored);
}
