import type { RunnerPlugin } from "@ferry/core/plugin";
import type { ParameterType } from "@ferry/kfp";
import { z } from "zod";

/**
 * How requests reach the KFP API. Secrets never sit in options: tokens and cookies come from
 * environment variables or files named here.
 */
export type KubeflowAuth =
  /** No credentials: standalone KFP through `kubectl port-forward`, or in-cluster without auth. */
  | { readonly type: "none" }
  /** `Authorization: Bearer $<env>` (a JWT oauth2-proxy accepts, an access token). */
  | { readonly type: "token"; readonly env: string }
  /**
   * A projected ServiceAccount token (audience `pipelines.kubeflow.org`) read from `path` at
   * each request. @default $KF_PIPELINES_SA_TOKEN_PATH, else /var/run/secrets/kubeflow/pipelines/token
   */
  | { readonly type: "serviceAccountToken"; readonly path?: string | undefined }
  /** The bearer token (or exec plugin / auth provider) of a kube-config user. @default the current context */
  | { readonly type: "kubeconfig"; readonly context?: string | undefined }
  /** A session cookie of the Kubeflow gateway (oidc-authservice, oauth2-proxy): `<name>=$<env>`. */
  | { readonly type: "cookie"; readonly env: string; readonly name: string };

/** A Kubernetes toleration for GPU steps' pods. */
export interface KubeflowToleration {
  readonly key?: string | undefined;
  readonly operator?: "Exists" | "Equal" | undefined;
  readonly value?: string | undefined;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute" | undefined;
}

/** Options of the `kubeflow` target (conf/<env>/targets.yml, section `kubeflow`). */
export interface KubeflowOptions {
  /**
   * Base URL of the KFP API, without `/apis/v2beta1`: `https://kubeflow.example.com/pipeline`
   * behind the Kubeflow gateway, `http://ml-pipeline.kubeflow:8888` in-cluster,
   * `http://localhost:3000` through a port-forward of ml-pipeline-ui.
   */
  readonly url: string;
  /** Kubeflow profile namespace (multi-user mode): where experiments and runs live. */
  readonly namespace?: string | undefined;
  /** Experiment the runs are filed under; found by name or created. @default the project's name */
  readonly experiment?: string | undefined;
  readonly auth: KubeflowAuth;
  /** Where the image is pushed: `registry[/path]`, e.g. `europe-docker.pkg.dev/proj/repo`. */
  readonly imageRegistry: string;
  /** Image name inside the registry. @default the project's name */
  readonly imageName?: string | undefined;
  /** Base image, pinned by digest or a tag resolved at package time. @default node:24-slim */
  readonly baseImage?: string | undefined;
  /**
   * Where runs keep their plan and intermediates (`<root>/<run-id>/…`), and the run's KFP
   * `pipeline_root`: `s3://bucket/path`, `gs://bucket/path` or `minio://bucket/path`.
   */
  readonly storageRoot: string;
  /** Kubernetes ServiceAccount the run's pods use. @default the profile's default-editor (KFP's default) */
  readonly serviceAccount?: string | undefined;
  /** Let KFP reuse a task's earlier result. Off: a cache hit skips the step's own writes. @default false */
  readonly caching: boolean;
  /** Environment variables of every step (no secrets: preflight refuses them). */
  readonly env: Readonly<Record<string, string>>;
  /** Types of params whose value misleads (`1.0` reads as an integer): `{ lr: NUMBER_DOUBLE }`. */
  readonly paramTypes: Readonly<Record<string, ParameterType>>;
  /** How GPU requests land on nodes: the extended resource, a node label per GPU type, tolerations. */
  readonly accelerators?:
    | {
        /** @default nvidia.com/gpu */
        readonly resource?: string | undefined;
        /** Node label that names the GPU type, e.g. `cloud.google.com/gke-accelerator`. */
        readonly nodeSelectorLabel?: string | undefined;
        /** Ferry GPU type → label value (`t4` → `nvidia-tesla-t4`); unlisted types are used as written. */
        readonly values?: Readonly<Record<string, string>> | undefined;
        /** Added to GPU steps' pods (GPU node pools are often tainted). */
        readonly tolerations?: readonly KubeflowToleration[] | undefined;
      }
    | undefined;
  /** Pause between two status reads of a run. @default 5000 */
  readonly pollIntervalMs: number;
  /**
   * The time zone KFP reads schedules' crons in: its scheduled-workflow controller's
   * (`CRON_SCHEDULE_TIMEZONE`, UTC unless the cluster sets it). `ferry schedule --timezone`
   * must name it: a KFP recurring run has no time zone of its own. @default "UTC"
   */
  readonly cronTimeZone: string;
}

const SECRET_KEYS = new Set(["token", "value", "cookie", "password", "secret", "bearer"]);

/** Auth objects refuse unknown keys; a secret pasted into options gets a message saying where it goes. */
const strictAuth = <S extends z.core.$ZodLooseShape>(shape: S, where: string) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" && issue.keys.some((k) => SECRET_KEYS.has(k.toLowerCase()))
        ? `secrets never go in options (${issue.keys.join(", ")}); ${where}`
        : undefined,
  });

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string option that must be given: "required: <what it is>" when left out. */
const required = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `required: ${what}` : `must be a string: ${what}`) });
const envName = z.string().regex(ENV_NAME, "an environment variable name (letters, digits and _)");
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const auth = z
  .discriminatedUnion("type", [
    strictAuth({ type: z.literal("none") }, "this mode sends no credentials"),
    strictAuth(
      { type: z.literal("token"), env: envName.default("KFP_TOKEN") },
      "put the token in the environment variable named by env (default KFP_TOKEN)",
    ),
    strictAuth(
      { type: z.literal("serviceAccountToken"), path: z.string().min(1).optional() },
      "the token is read from the file at path",
    ),
    strictAuth(
      { type: z.literal("kubeconfig"), context: z.string().min(1).optional() },
      "the kube-config user's credentials are used",
    ),
    strictAuth(
      {
        type: z.literal("cookie"),
        env: envName.default("KFP_COOKIE"),
        name: z
          .string()
          .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "a cookie name")
          .default("authservice_session"),
      },
      "put the cookie's value in the environment variable named by env (default KFP_COOKIE)",
    ),
  ])
  .default({ type: "none" });

const schema = z.strictObject({
  url: required("the KFP API's base URL, e.g. https://kubeflow.example.com/pipeline")
    .pipe(
      z.url({
        protocol: /^https?$/,
        error: "an http(s) URL of the KFP API, e.g. https://kubeflow.example.com/pipeline",
      }),
    )
    .transform((u) => u.replace(/\/+$/, ""))
    .refine((u) => !/\/apis(\/v\w+)?$/.test(u), "the base URL, without /apis/v2beta1 (Ferry adds it)"),
  namespace: z.string().max(63).regex(K8S_NAME, "a Kubernetes namespace: lowercase letters, digits and '-'").optional(),
  experiment: z.string().min(1).max(128).optional(),
  auth,
  imageRegistry: required("the registry the image is pushed to, e.g. ghcr.io/acme")
    .regex(
      /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*\/?$/,
      "an image registry, optionally with a path: europe-docker.pkg.dev/my-project/my-repo, ghcr.io/acme",
    )
    .transform((s) => s.replace(/\/+$/, "")),
  imageName: z
    .string()
    .regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, "lowercase letters, digits and . _ -")
    .optional(),
  baseImage: z.string().min(1).optional(),
  storageRoot: required("the runs' s3://, gs:// or minio:// storage root")
    .regex(
      /^(s3|gs|minio):\/\/[a-z0-9][a-z0-9._-]{1,61}[a-z0-9](\/.*)?$/,
      "an s3://, gs:// or minio:// bucket URI (KFP's pipeline_root): the steps read and write there",
    )
    .transform((s) => s.replace(/\/+$/, "")),
  serviceAccount: z.string().max(253).regex(K8S_NAME, "a Kubernetes ServiceAccount name").optional(),
  caching: z.boolean().default(false),
  env: z
    .record(z.string(), z.string())
    .superRefine((env, ctx) => {
      for (const key of Object.keys(env)) {
        if (!ENV_NAME.test(key))
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "an environment variable name (letters, digits and _)",
          });
      }
    })
    .default({}),
  paramTypes: z
    .record(z.string(), z.enum(["NUMBER_INTEGER", "NUMBER_DOUBLE", "STRING", "BOOLEAN", "STRUCT", "LIST"]))
    .default({}),
  accelerators: z
    .strictObject({
      resource: z
        .string()
        .regex(
          /^([a-z0-9.-]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
          "a Kubernetes extended resource, e.g. nvidia.com/gpu",
        )
        .optional(),
      nodeSelectorLabel: z.string().min(1).optional(),
      values: z.record(z.string(), z.string()).optional(),
      tolerations: z
        .array(
          z.strictObject({
            key: z.string().optional(),
            operator: z.enum(["Exists", "Equal"]).optional(),
            value: z.string().optional(),
            effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  pollIntervalMs: z.number().int().min(100).max(600_000).default(5000),
  cronTimeZone: z.string().min(1).default("UTC"),
});

/** The options' schema (Standard Schema), as core validates it. */
export const kubeflowOptions: RunnerPlugin<KubeflowOptions>["options"] = schema;
