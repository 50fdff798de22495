import type { StartEmulator } from "@ferry/core/plugin";
import { registryAuthByHost } from "@ferry/oci";
import { type KubeflowOptions, kubeflowOptions } from "../options.ts";
import { createKubeflowEmulator } from "./server.ts";

/**
 * `ferry run --target=kubeflow --emulate`: a local KFP API in place of the cluster's. The
 * image is still pushed to `imageRegistry` and pulled back from it (with the same registry
 * credentials), and the steps run on this machine with its environment, so they reach the
 * storage root with the user's own credentials. Runs are filed as in multi-user mode when a
 * namespace is set.
 */
export const startEmulator: StartEmulator = async ({ options, logger }) => {
  const parsed = await kubeflowOptions["~standard"].validate(options);
  if (parsed.issues !== undefined) throw new Error("startEmulator needs the kubeflow options validated by core.");
  const user: KubeflowOptions = parsed.value;
  const emulator = await createKubeflowEmulator({
    auth: registryAuthByHost(),
    multiUser: user.namespace !== undefined,
    // The steps run this machine's Node (the image's may not suit it): as the Vertex AI emulator.
    env: { FERRY_NODE: process.execPath },
    output: ({ task, stream, text }) => logger.debug(`${task}: ${text}`, { stream }),
  });
  const rewritten: KubeflowOptions = { ...user, url: emulator.url, auth: { type: "none" }, pollIntervalMs: 250 };
  return { url: emulator.url, options: rewritten, close: () => emulator.close() };
};
