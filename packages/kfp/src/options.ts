import { FerryError } from "@ferry/core";
import type { AcceleratorOptions } from "./accelerators.ts";
import type { ParameterType } from "./ir.ts";
import { KFP_LIMITS } from "./limits.ts";
import { PARAMETER_TYPES } from "./params.ts";

/** What a target plugin tells the compiler; everything that differs between targets is here. */
export interface CompileOptions {
  /**
   * The image every step runs, pinned by digest (`registry/repository[:tag]@sha256:<64 hex>`):
   * the ref `package` pushed. A tag alone is refused, since a moved tag would change a run.
   */
  readonly image: string;
  /**
   * `pipelineInfo.name`: lowercase letters, digits and `-`, at most 128. Vertex AI and KFP
   * group runs by it. @default the project name, plus `-<pipeline>` unless it is the default one
   */
  readonly name?: string | undefined;
  /** `pipelineInfo.displayName`. @default `<project> <pipeline>` */
  readonly displayName?: string | undefined;
  /** `pipelineInfo.description`. */
  readonly description?: string | undefined;
  /**
   * Let the platform skip a task whose inputs and command match an earlier run's. Off by
   * default: Ferry steps write their outputs themselves, which a cache hit would skip.
   * @default false
   */
  readonly caching?: boolean | undefined;
  /** Backoff of the retries a step's `resources.retries` asks for. Defaults are the kfp SDK's. */
  readonly retry?:
    | {
        /** @default 0 */
        readonly backoffSeconds?: number | undefined;
        /** @default 2 */
        readonly backoffFactor?: number | undefined;
        /** @default 3600 */
        readonly backoffMaxSeconds?: number | undefined;
      }
    | undefined;
  /** How GPU requests are named on this target. Needed when a step asks for a GPU. */
  readonly accelerators?: AcceleratorOptions | undefined;
  /**
   * `"kubernetes"` adds the Kubernetes PlatformSpec (the KFP backend reads it, Vertex AI
   * does not): node selectors and tolerations of GPU steps, and each step's
   * `timeoutSeconds` as `activeDeadlineSeconds`. Without it timeouts are reported as warnings.
   */
  readonly platform?: "kubernetes" | undefined;
  /** Expose the plan's params as typed pipeline parameters (see README). @default true */
  readonly pipelineParameters?: boolean | undefined;
  /**
   * A parameter's type when the value alone misleads: `1.0` in YAML is the number 1, which
   * would make `learning_rate` an integer; `{ learning_rate: "NUMBER_DOUBLE" }` fixes it.
   */
  readonly paramTypes?: Readonly<Record<string, ParameterType>> | undefined;
  /** `defaultPipelineRoot`: where the platform keeps the run's artifacts and metadata. */
  readonly defaultPipelineRoot?: string | undefined;
  /** Largest spec accepted, in bytes of its JSON. @default 32 MiB (the KFP API server's limit) */
  readonly maxSpecBytes?: number | undefined;
}

// The grammar of github.com/distribution/reference: an optional registry host, lowercase
// repository path components, an optional tag, and the digest this package requires.
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const HOST = "(?:localhost|[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)+|\\[[0-9a-fA-F:]+\\]|[a-zA-Z0-9-]+(?=:))(?::[0-9]+)?";
const DIGEST_REF = new RegExp(
  `^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?@sha256:[a-f0-9]{64}$`,
);

/** The options' problems, each as `key.path: what is wrong`. */
function optionIssues(options: CompileOptions): string[] {
  const issues: string[] = [];
  const { image, name, retry, maxSpecBytes, accelerators, platform, paramTypes } = options;
  if (typeof image !== "string" || image === "") {
    issues.push("image: required, the image ref pushed by package (registry/repository@sha256:<digest>)");
  } else if (!DIGEST_REF.test(image)) {
    issues.push(
      image.includes("@sha256:")
        ? `image: '${image}' is not a valid image reference pinned by digest (registry/repository[:tag]@sha256:<64 lowercase hex>)`
        : `image: '${image}' is not pinned by digest; use the ref package returned (…@sha256:<64 hex>), not a tag`,
    );
  }
  if (name !== undefined && !KFP_LIMITS.pipelineName.test(name)) {
    issues.push(
      `name: '${name}' is not a KFP pipeline name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 128)`,
    );
  }
  for (const [key, value] of Object.entries(retry ?? {})) {
    const ok =
      typeof value === "number" && Number.isFinite(value) && (key === "backoffFactor" ? value > 0 : value >= 0);
    if (value !== undefined && !ok)
      issues.push(`retry.${key}: must be a ${key === "backoffFactor" ? "positive" : "non-negative"} number`);
    if (ok && key !== "backoffFactor" && !Number.isInteger(value)) issues.push(`retry.${key}: must be whole seconds`);
  }
  if (maxSpecBytes !== undefined && !(Number.isInteger(maxSpecBytes) && maxSpecBytes > 0)) {
    issues.push("maxSpecBytes: must be a positive whole number of bytes");
  }
  if (platform !== undefined && platform !== "kubernetes") issues.push(`platform: must be "kubernetes" or left out`);
  if (platform !== "kubernetes" && (accelerators?.nodeSelector || accelerators?.tolerations?.length)) {
    issues.push(`accelerators: node selectors and tolerations need platform: "kubernetes"`);
  }
  for (const [key, type] of Object.entries(paramTypes ?? {})) {
    if (!PARAMETER_TYPES.includes(type)) issues.push(`paramTypes.${key}: must be one of ${PARAMETER_TYPES.join(", ")}`);
  }
  return issues;
}

/** @throws FerryError PLUGIN_OPTIONS_INVALID listing every issue with its key path. */
export function checkOptions(options: CompileOptions): void {
  const issues = optionIssues(options);
  if (issues.length === 0) return;
  throw new FerryError("PLUGIN_OPTIONS_INVALID", {
    message: `The KFP compile options are invalid:\n${issues.map((i) => `- ${i}`).join("\n")}`,
    hint: "Fix these in the target's options (conf/<env>/targets.yml); the image comes from the package phase.",
    details: { issues },
  });
}
