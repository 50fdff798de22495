import { Readable } from "node:stream";
import type { ContainerClient } from "@azure/storage-blob";
import { FerryError, type StorageDriver } from "@ferry/core";

export interface AzureDriverOptions {
  /** The account's blob endpoint, e.g. `https://myaccount.blob.core.windows.net`. */
  readonly accountUrl?: string | undefined;
  /** A connection string instead (Azurite, SAS or key based); wins over `accountUrl`. */
  readonly connectionString?: string | undefined;
}

// az://container/path, and abfs(s)://container@account.dfs.core.windows.net/path.
const AZ = /^az:\/\/([^/]+)\/?(.*)$/;
const ABFS = /^abfss?:\/\/([^@/]+)@[^/]+\/?(.*)$/;

/** `writeStream`'s block size and the blocks held at once (staged in parallel or being filled). */
const BLOCK_SIZE = 8 * 2 ** 20;
const BLOCKS_IN_MEMORY = 5;

/** The SDK copies chunks with `Buffer#copy`, so plain Uint8Arrays become Buffer views. */
async function* asBuffers(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of source)
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function parse(uri: string): { container: string; path: string } {
  const m = AZ.exec(uri) ?? ABFS.exec(uri);
  if (!m) throw new FerryError("STORAGE_ERROR", { message: `'${uri}' is not an az://container/path URI.` });
  return { container: m[1] as string, path: m[2] as string };
}

/** The service's error code: on the error, or (for body-less responses) in its details. */
const codeOf = (error: unknown) => {
  const e = error as { code?: string; details?: { errorCode?: string } } | undefined;
  return e?.details?.errorCode ?? e?.code ?? "";
};

function explain(error: unknown, uri: string): unknown {
  const { container } = parse(uri);
  const code = codeOf(error);
  if (code === "ContainerNotFound") {
    return new FerryError("STORAGE_ERROR", {
      message: `The container '${container}' does not exist (${uri}).`,
      hint: `Create it (az storage container create --name ${container}) or fix the path in conf/<env>/catalog.yml.`,
      cause: error,
    });
  }
  if (
    code === "AuthenticationFailed" ||
    code === "AuthorizationFailure" ||
    (error as Error)?.name === "CredentialUnavailableError"
  ) {
    return new FerryError("STORAGE_ERROR", {
      message: `Azure refused or found no credentials for ${uri}.`,
      hint: "Sign in (az login), set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, use a managed identity, or pass a connectionString.",
      cause: error,
    });
  }
  return error;
}

/**
 * Storage for `az://container/path` (and `abfs://container@account…/path`) through
 * `@azure/storage-blob`, with DefaultAzureCredential unless a connection string is given.
 * A block blob upload commits at once: readers see the old blob or the whole new one; so does
 * `writeStream`, whose staged blocks make up the blob only when their list is committed.
 */
export function createAzureDriver(options: AzureDriverOptions): StorageDriver[] {
  const containers = new Map<string, Promise<ContainerClient>>();
  const containerOf = (name: string) => {
    let client = containers.get(name);
    if (client === undefined) {
      client = (async () => {
        const { BlobServiceClient } = await import("@azure/storage-blob");
        if (options.connectionString)
          return BlobServiceClient.fromConnectionString(options.connectionString).getContainerClient(name);
        if (!options.accountUrl)
          throw new FerryError("STORAGE_ERROR", { message: "createAzureDriver needs accountUrl or connectionString." });
        const { DefaultAzureCredential } = await import("@azure/identity");
        return new BlobServiceClient(options.accountUrl, new DefaultAzureCredential()).getContainerClient(name);
      })();
      containers.set(name, client);
    }
    return client;
  };
  const call = async <R>(uri: string, fn: (c: ContainerClient, path: string) => Promise<R>): Promise<R> => {
    const { container, path } = parse(uri);
    try {
      return await fn(await containerOf(container), path);
    } catch (error) {
      throw explain(error, uri);
    }
  };
  const driver = (scheme: string): StorageDriver => ({
    scheme,
    read: (uri) => call(uri, async (c, path) => new Uint8Array(await c.getBlockBlobClient(path).downloadToBuffer())),
    write: (uri, data) =>
      call(uri, async (c, path) => {
        await c.getBlockBlobClient(path).upload(data, data.byteLength);
      }),
    readStream: (uri) =>
      call(uri, async (c, path) => {
        // In Node the body is a Readable (that resumes from its offset if the connection drops).
        const body = (await c.getBlockBlobClient(path).download()).readableStreamBody;
        return (body as Readable | undefined) ?? Readable.from([]);
      }),
    writeStream: (uri, source) =>
      call(uri, async (c, path) => {
        const stream = Readable.from(asBuffers(source), { objectMode: false });
        try {
          await c.getBlockBlobClient(path).uploadStream(stream, BLOCK_SIZE, BLOCKS_IN_MEMORY);
        } finally {
          stream.destroy();
        }
      }),
    exists: (uri) => call(uri, (c, path) => c.getBlockBlobClient(path).exists()),
    list: (prefix) =>
      call(prefix, async (c, path) => {
        const uris: string[] = [];
        for await (const blob of c.listBlobsFlat({ prefix: path }))
          uris.push(`${prefix.slice(0, prefix.length - path.length)}${blob.name}`);
        return uris.sort();
      }),
    delete: (uri) =>
      call(uri, async (c, path) => {
        await c.getBlockBlobClient(path).delete();
      }),
  });
  return [driver("az"), driver("abfs"), driver("abfss")];
}
