import { type ExecutionPlan, FerryError, formatError } from "@ferry/core";
import { describe, expect, it } from "vitest";
import { type CompileOptions, compilePipelineSpec, kfpProblems, vertexAccelerators } from "../src/index.ts";
import { diamond, gpu, manyParams } from "./helpers/fixtures.ts";
import { IMAGE, planOf } from "./helpers/project.ts";

/** The FerryError compiling throws, as a user would read it. */
function failure(plan: ExecutionPlan, options: CompileOptions): { code: string; text: string } {
  try {
    compilePipelineSpec(plan, options);
  } catch (error) {
    if (!FerryError.is(error)) throw error;
    return { code: error.code, text: formatError(error) };
  }
  throw new Error("expected compilePipelineSpec to throw");
}

describe("errors users can fix", () => {
  it("invalid options: every issue at once, with its key path", async () => {
    const plan = await planOf(diamond);
    const f = failure(plan, {
      image: "us-docker.pkg.dev/proj/repo/app:1.2.3",
      name: "Nightly_Diamond",
      retry: { backoffSeconds: -1, backoffFactor: 0 },
      accelerators: { ...vertexAccelerators(), nodeSelector: { label: "gpu" } },
    });
    expect(f.code).toBe("PLUGIN_OPTIONS_INVALID");
    expect(f.text).toMatchInlineSnapshot(`
      "Invalid target options [PLUGIN_OPTIONS_INVALID]
      The KFP compile options are invalid:
      - image: 'us-docker.pkg.dev/proj/repo/app:1.2.3' is not pinned by digest; use the ref package returned (…@sha256:<64 hex>), not a tag
      - name: 'Nightly_Diamond' is not a KFP pipeline name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 128)
      - retry.backoffSeconds: must be a non-negative number
      - retry.backoffFactor: must be a positive number
      - accelerators: node selectors and tolerations need platform: "kubernetes"
      Hint: Fix these in the target's options (conf/<env>/targets.yml); the image comes from the package phase."
    `);
  });

  it("an image whose digest is malformed", async () => {
    const plan = await planOf(diamond);
    for (const image of ["repo/app@sha256:abc", `Repo/App@sha256:${"a".repeat(64)}`, ""]) {
      expect(failure(plan, { image }).code).toBe("PLUGIN_OPTIONS_INVALID");
    }
    for (const image of [
      `localhost:5000/app@sha256:${"0".repeat(64)}`,
      `ghcr.io/org/app:v1@sha256:${"0".repeat(64)}`,
      `app@sha256:${"0".repeat(64)}`,
    ]) {
      expect(() => compilePipelineSpec(plan, { image })).not.toThrow();
    }
  });

  it("a step name with nothing KFP can use, and GPU requests the target cannot place", async () => {
    const files = {
      ...gpu,
      "ferry.config.ts": gpu["ferry.config.ts"].replace('name: "prepare"', 'name: "___"'),
      "conf/base/resources.yml":
        "nodes:\n  train: { gpu: { count: 1, type: k80 } }\n  evaluate: { gpu: { count: 1 } }\n",
    };
    const f = failure(await planOf(files), { image: IMAGE, accelerators: vertexAccelerators() });
    expect(f.code).toBe("PREFLIGHT_FAILED");
    expect(f.text).toMatchInlineSnapshot(`
      "Preflight failed [PREFLIGHT_FAILED]
      The plan cannot be compiled for Kubeflow Pipelines (3 problems):
      1. Step '___' has no letter or digit, so it has no name KFP can accept (task names are lowercase letters, digits and '-').
         Fix: Rename the node (or the group:<name> tag or namespace that names this step) so it has letters or digits, e.g. 'clean_1'.
      2. Step 'train' asks for GPU type 'k80', which this target does not know.
         Fix: Use one of: NVIDIA_TESLA_P100, NVIDIA_TESLA_V100, NVIDIA_TESLA_P4, NVIDIA_TESLA_T4, NVIDIA_TESLA_A100, NVIDIA_A100_80GB, NVIDIA_L4, NVIDIA_H100_80GB, NVIDIA_H100_MEGA_80GB, NVIDIA_H200_141GB, NVIDIA_B200, NVIDIA_GB200, NVIDIA_RTX_PRO_6000, TPU_V2, TPU_V3, TPU_V4_POD, TPU_V5_LITEPOD (gpu.type in conf/<env>/resources.yml).
      3. Step 'evaluate' asks for 1 GPU(s) without a type, and this target needs one.
         Fix: Set gpu.type in conf/<env>/resources.yml (one of: NVIDIA_TESLA_P100, NVIDIA_TESLA_V100, NVIDIA_TESLA_P4, NVIDIA_TESLA_T4, NVIDIA_TESLA_A100, NVIDIA_A100_80GB, NVIDIA_L4, NVIDIA_H100_80GB, NVIDIA_H100_MEGA_80GB, NVIDIA_H200_141GB, NVIDIA_B200, NVIDIA_GB200, NVIDIA_RTX_PRO_6000, TPU_V2, TPU_V3, TPU_V4_POD, TPU_V5_LITEPOD)."
    `);
  });

  it("a GPU request with no accelerator naming given", async () => {
    const problems = kfpProblems(await planOf(gpu), { image: IMAGE });
    expect(problems).toEqual([
      {
        message: "Step 'train' asks for 2 GPU(s), but the compile options name no accelerators.",
        fix: "Pass accelerators (vertexAccelerators() for Vertex AI, kubernetesAccelerators() for Kubeflow), or drop the gpu request for this env.",
      },
    ]);
  });

  it("parameter types that do not fit, for parameters that do not exist", async () => {
    const problems = kfpProblems(await planOf(manyParams), {
      image: IMAGE,
      paramTypes: { epoch: "NUMBER_INTEGER", model_name: "NUMBER_DOUBLE" },
    });
    expect(problems.map((p) => p.message)).toEqual([
      "paramTypes sets a type for 'epoch', which is not a top-level parameter of the plan.",
      `paramTypes makes 'model_name' NUMBER_DOUBLE, but its value "resnet" is not one.`,
    ]);
    expect(problems[0]?.fix).toMatch(/^Use one of: Batch-Size, clock, epochs, /);
  });

  it("a spec over the size limit, with its size per step", async () => {
    const f = failure(await planOf(diamond), { image: IMAGE, maxSpecBytes: 1000 });
    expect(f.code).toBe("PREFLIGHT_FAILED");
    expect(f.text).toMatch(
      /The compiled PipelineSpec is \d+ bytes \(3 steps, \d+ per step\), over the 1000-byte limit\./,
    );
  });
});
