import type { ArtifactRef, ExecutionPlan } from "@ferry/core/plugin";
import { packageImage, registryAuthByHost } from "@ferry/oci";
import type { KubeflowOptions } from "./options.ts";

/** The image's name: the option, else the project's name made a valid repository component. */
export function imageName(plan: ExecutionPlan, options: KubeflowOptions): string {
  return (
    options.imageName ??
    (plan.project.name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "") ||
      "ferry-pipeline")
  );
}

/** Build the project's image (no Docker needed) and push it to `imageRegistry`. */
export async function packageKubeflow(
  projectRoot: string,
  plan: ExecutionPlan,
  options: KubeflowOptions,
): Promise<ArtifactRef> {
  const pushed = await packageImage({
    cwd: projectRoot,
    repository: `${options.imageRegistry}/${imageName(plan, options)}`,
    ...(options.baseImage === undefined ? {} : { base: options.baseImage }),
    auth: registryAuthByHost(),
  });
  return { kind: "image", uri: pushed.ref, digest: pushed.digest };
}
