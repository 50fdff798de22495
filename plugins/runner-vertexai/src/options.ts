import type { RunnerPlugin } from "@ferry/core/plugin";
import { z } from "zod";

/** Options of the `vertexai` target (conf/<env>/targets.yml, section `vertexai`). */
export interface VertexOptions {
  /** Google Cloud project id that owns the pipeline jobs. */
  readonly project: string;
  /** Vertex AI region, e.g. `us-central1`: where jobs run, and the API endpoint used. */
  readonly region: string;
  /**
   * Where runs keep their intermediates and plan (`<root>/<run-id>/…`) and Vertex its
   * pipeline root (`runtimeConfig.gcsOutputDirectory` = `<root>/<run-id>/vertex`): `gs://bucket/path`.
   */
  readonly storageRoot: string;
  /** Artifact Registry repository the image is pushed to: `<region>-docker.pkg.dev/<project>/<repo>`. */
  readonly imageRegistry: string;
  /** Image name inside the repository. @default the project's name */
  readonly imageName?: string | undefined;
  /** Base image of the step image, pinned by digest or a tag resolved at package time. @default node:24-slim */
  readonly baseImage?: string | undefined;
  /** Service account the steps run as. @default the Compute Engine default service account */
  readonly serviceAccount?: string | undefined;
  /** VPC network to peer with: `projects/<number>/global/networks/<name>`. */
  readonly network?: string | undefined;
  /** Machine type of steps that ask for no cpu, memory or GPU. @default e2-standard-4 (Vertex's default) */
  readonly machineType?: string | undefined;
  /** Labels on every pipeline job (Google label rules). */
  readonly labels: Readonly<Record<string, string>>;
  /** Vertex AI experiment the runs are grouped under (label `ferry-experiment` and the display name). */
  readonly experiment?: string | undefined;
  /** GPU type of a request that names none (`gpu: { count: 1 }`). @default NVIDIA_TESLA_T4 */
  readonly defaultGpuType: string;
  /** Let Vertex reuse a task's earlier result (execution caching). @default false */
  readonly caching: boolean;
  /** Stop scheduling new tasks after the first failure. @default true */
  readonly failFast: boolean;
  /** Types of params whose value misleads (`1.0` reads as an integer): `{ lr: NUMBER_DOUBLE }`. */
  readonly paramTypes: Readonly<
    Record<string, "NUMBER_INTEGER" | "NUMBER_DOUBLE" | "STRING" | "BOOLEAN" | "STRUCT" | "LIST">
  >;
  /** Environment variables of every step. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Another Vertex AI endpoint, e.g. the emulator's (`ferry run --emulate` sets it):
   * `url` and `credentials` (`adc`: Application Default Credentials; `none`: a fixed token, for emulators).
   */
  readonly api?: { readonly url: string; readonly credentials: "adc" | "none" } | undefined;
}

const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

const schema = z.strictObject({
  project: z.string().regex(PROJECT, "a Google Cloud project id: 6–30 lowercase letters, digits and '-'"),
  region: z.string().regex(REGION, "a Vertex AI region such as us-central1"),
  storageRoot: z
    .string()
    .regex(
      /^gs:\/\/[a-z0-9][a-z0-9._-]{1,221}[a-z0-9](\/.*)?$/,
      "a gs://bucket/path URI: Vertex AI steps read and write Cloud Storage",
    )
    .transform((s) => s.replace(/\/+$/, "")),
  imageRegistry: z
    .string()
    .regex(
      /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/,
      "an image repository such as us-central1-docker.pkg.dev/my-project/my-repo",
    )
    .transform((s) => s.replace(/\/+$/, "")),
  imageName: z
    .string()
    .regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, "lowercase letters, digits and . _ -")
    .optional(),
  baseImage: z.string().min(1).optional(),
  serviceAccount: z.email("a service account email (name@project.iam.gserviceaccount.com)").optional(),
  network: z
    .string()
    .regex(/^projects\/[0-9]+\/global\/networks\/[a-z0-9-]+$/, "projects/<project number>/global/networks/<name>")
    .optional(),
  machineType: z.string().min(1).optional(),
  labels: z
    .record(
      z
        .string()
        .regex(LABEL_KEY, "label keys: lowercase letter first, then lowercase letters, digits, _ and -, at most 63"),
      z.string().regex(LABEL_VALUE, "label values: lowercase letters, digits, _ and -, at most 63"),
    )
    .refine(
      (l) => !("vertex-ai-pipelines-run-billing-id" in l),
      "the label vertex-ai-pipelines-run-billing-id is reserved by Vertex AI",
    )
    .default({}),
  experiment: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,127}$/, "lowercase letters, digits and '-'")
    .optional(),
  defaultGpuType: z.string().min(1).default("NVIDIA_TESLA_T4"),
  caching: z.boolean().default(false),
  failFast: z.boolean().default(true),
  paramTypes: z
    .record(z.string(), z.enum(["NUMBER_INTEGER", "NUMBER_DOUBLE", "STRING", "BOOLEAN", "STRUCT", "LIST"]))
    .default({}),
  env: z.record(z.string(), z.string()).default({}),
  api: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }),
      credentials: z.enum(["adc", "none"]).default("adc"),
    })
    .optional(),
});

export const vertexOptions: RunnerPlugin<VertexOptions>["options"] = schema;
