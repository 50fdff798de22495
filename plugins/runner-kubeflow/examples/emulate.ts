import { openSession, runPipeline } from "@ferry/core";
import { validatePluginOptions } from "@ferry/core/plugin";
import { kubeflow } from "@ferry/runner-kubeflow";
import { createKubeflowEmulator } from "@ferry/runner-kubeflow/emulator";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Run a pipeline on a local KFP API, as `ferry run --target=kubeflow --emulate` does. */
export async function runEmulated(projectRoot: string, pipelineName: string) {
  const emulator = await createKubeflowEmulator();
  try {
    const plugin = kubeflow();
    const targetOptions = await validatePluginOptions(
      plugin,
      {
        url: emulator.url, // on a cluster: https://kubeflow.example.com/pipeline
        experiment: "nightly",
        imageRegistry: "ghcr.io/acme", // pushed with `docker login`'s credentials
        storageRoot: "s3://acme-ml/ferry", // KFP's pipeline_root and the steps' intermediates
      },
      "example",
    );
    const session = await openSession({ cwd: projectRoot });
    return await runPipeline({ session, pipelineName, plugin, targetOptions, logger: quiet });
  } finally {
    await emulator.close();
  }
}
