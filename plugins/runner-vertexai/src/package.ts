import type { ArtifactRef, ExecutionPlan } from "@ferry/core/plugin";
import { packageImage, registryAuthByHost } from "@ferry/oci";
import type { VertexOptions } from "./options.ts";

/** Build the project's image (no Docker needed) and push it to the Artifact Registry repository. */
export async function packageVertex(
  projectRoot: string,
  plan: ExecutionPlan,
  options: VertexOptions,
): Promise<ArtifactRef> {
  const name = options.imageName ?? plan.project.name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-");
  const pushed = await packageImage({
    cwd: projectRoot,
    repository: `${options.imageRegistry}/${name}`,
    ...(options.baseImage === undefined ? {} : { base: options.baseImage }),
    auth: registryAuthByHost(),
  });
  return { kind: "image", uri: pushed.ref, digest: pushed.digest };
}
