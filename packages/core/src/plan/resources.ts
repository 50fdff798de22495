import type { Conf } from "../config/load-conf.ts";
import { FerryError } from "../errors/ferry-error.ts";
import type { Node, Resources } from "../node.ts";

/** conf/<env>/resources.yml, after layering. */
export interface ResourcesConfig {
  readonly defaults?: Resources;
  /** Overrides for nodes carrying the tag. */
  readonly tags?: Readonly<Record<string, Resources>>;
  /** Overrides for one node, by name. */
  readonly nodes?: Readonly<Record<string, Resources>>;
}

/** Validate resources.yml; every issue with its key path. zod loads only here. */
export async function parseResources(conf: Conf): Promise<ResourcesConfig> {
  const { z } = await import("zod");
  const resources = z.strictObject({
    cpu: z.number().positive().optional(),
    memoryGiB: z.number().positive().optional(),
    gpu: z.strictObject({ count: z.int().min(0), type: z.string().min(1).optional() }).optional(),
    timeoutSeconds: z.int().positive().optional(),
    retries: z.int().min(0).optional(),
  });
  const schema = z.strictObject({
    defaults: resources.optional(),
    tags: z.record(z.string(), resources).optional(),
    nodes: z.record(z.string(), resources).optional(),
  });
  const result = schema.safeParse(conf.resources);
  if (result.success) return result.data as ResourcesConfig;
  const lines = result.error.issues.map((i) => `- ${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new FerryError("CONFIG_INVALID", {
    message: `resources.yml is invalid:\n${lines.join("\n")}`,
    hint: "Use defaults, tags.<tag> and nodes.<node>, each with cpu, memoryGiB, gpu { count, type }, timeoutSeconds, retries.",
  });
}

/** A node's resources: conf defaults < the node's own < its tags' (in tag order) < conf for its name. */
export function nodeResources(node: Node, config: ResourcesConfig): Resources {
  const layers = [
    config.defaults,
    node.resources,
    ...node.tags.map((t) => config.tags?.[t]),
    config.nodes?.[node.name],
  ];
  return Object.assign({}, ...layers.filter(Boolean)) as Resources;
}

/** A step runs its nodes one after another: the most any node needs, and the sum of time limits. */
export function stepResources(nodes: readonly Resources[]): Resources {
  const max = (pick: (r: Resources) => number | undefined) => {
    const values = nodes.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
  };
  const gpu = nodes.map((r) => r.gpu).filter((g) => g !== undefined && g.count > 0);
  const timeouts = nodes.map((r) => r.timeoutSeconds);
  const out: Record<string, unknown> = {
    cpu: max((r) => r.cpu),
    memoryGiB: max((r) => r.memoryGiB),
    gpu: gpu.length
      ? { count: Math.max(...gpu.map((g) => g?.count ?? 0)), type: gpu.find((g) => g?.type)?.type }
      : undefined,
    timeoutSeconds:
      timeouts.every((t) => t !== undefined) && timeouts.length
        ? timeouts.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)
        : undefined,
    retries: max((r) => r.retries),
  };
  return JSON.parse(JSON.stringify(out)) as Resources;
}
