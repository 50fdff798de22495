import { isParamName, withNamespace } from "../names.ts";
import { createNode, type Node } from "../node.ts";
import type { AnyRef, DatasetRef } from "../refs.ts";
import { Pipeline } from "./pipeline.ts";

export interface PipelineOptions {
  /** Prefix node names and dataset names with `<namespace>.`. */
  namespace?: string;
  /** Datasets that keep their name under the namespace (shared with the outside). */
  keep?: readonly (DatasetRef<any> | string)[];
  /** Extra tags for every node. */
  tags?: readonly string[];
}

/**
 * Build a pipeline from nodes and pipelines. With `namespace`, node and dataset names
 * get the prefix, except parameters and the datasets listed in `keep`.
 */
export function pipeline(parts: readonly (Node | Pipeline)[], options: PipelineOptions = {}): Pipeline {
  const nodes = parts.flatMap((p) => (Pipeline.is(p) ? p.nodes : [p]));
  const { namespace, tags = [] } = options;
  if (namespace === undefined && tags.length === 0) return new Pipeline(nodes);
  const keep = new Set((options.keep ?? []).map((k) => (typeof k === "string" ? k : k.name)));
  const rename = <R extends AnyRef>(ref: R): R =>
    namespace === undefined || ref.kind === "param" || isParamName(ref.name) || keep.has(ref.name)
      ? ref
      : ({ ...ref, name: withNamespace(namespace, ref.name) } as R);
  return new Pipeline(
    nodes.map((n) =>
      createNode({
        ...n,
        name: namespace === undefined ? n.name : withNamespace(namespace, n.name),
        inputs: n.inputs.map(rename),
        outputs: n.outputs.map(rename),
        tags: [...new Set([...n.tags, ...tags])],
      }),
    ),
  );
}
