import { FerryError } from "@ferry/core";
import type { PipelineSpec } from "./ir.ts";

/**
 * The image a spec names before `package` has pushed one. `compile` is offline and runs
 * before `package`, so a plugin compiles with this ref and binds the pushed image at submit
 * with {@link bindImage}. The `.invalid` top-level domain is reserved (RFC 2606): a spec
 * submitted unbound fails to pull rather than running some other image.
 */
export const UNBOUND_IMAGE = `ferry.invalid/unbound-image@sha256:${"0".repeat(64)}`;

const PINNED = /^[^@\s]+@sha256:[0-9a-f]{64}$/;

/** `spec` with every executor that runs {@link UNBOUND_IMAGE} running `image` instead. */
export function bindImage(spec: PipelineSpec, image: string): PipelineSpec {
  if (!PINNED.test(image) || image === UNBOUND_IMAGE) {
    throw new FerryError("PLUGIN_OPTIONS_INVALID", {
      message: `Cannot bind the image '${image}': a spec runs an image pinned by digest.`,
      hint: "Pass the ref the package phase returned (registry/repository@sha256:<64 hex>).",
    });
  }
  const executors = Object.fromEntries(
    Object.entries(spec.deploymentSpec.executors).map(([label, executor]) => [
      label,
      executor.container.image === UNBOUND_IMAGE ? { container: { ...executor.container, image } } : executor,
    ]),
  );
  return { ...spec, deploymentSpec: { ...spec.deploymentSpec, executors } };
}
