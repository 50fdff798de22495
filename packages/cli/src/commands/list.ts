import { FerryError, type Session } from "@ferry/core";
import { type CommandContext, openProjectSession, type ProjectFlags } from "../context.ts";
import { json, table } from "../render/output.ts";

export const LIST_KINDS = ["pipelines", "nodes", "datasets", "params"] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface ListFlags extends ProjectFlags {
  pipeline?: string;
  json?: boolean;
}

function rows(session: Session, kind: ListKind, pipelineName: string | undefined): Record<string, unknown>[] {
  const p = session.pipeline(pipelineName);
  switch (kind) {
    case "pipelines":
      return [...session.project.pipelines].map(([name, pl]) => ({ name, nodes: pl.nodes.length }));
    case "nodes":
      return p.nodes.map((n) => ({
        name: n.name,
        inputs: n.inputs.map((r) => r.name),
        outputs: n.outputs.map((r) => r.name),
        tags: [...n.tags],
      }));
    case "datasets":
      return p.datasets().map((name) => ({
        name,
        ...session.catalog.describe(name),
        producer: p.producerOf(name)?.name ?? null,
        consumers: p.consumersOf(name).map((n) => n.name),
      }));
    case "params":
      return flatten(session.params).map(([name, value]) => ({ name, value }));
  }
}

function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

const cell = (v: unknown) =>
  Array.isArray(v) ? v.join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? "");

export async function listCommand(kind: string, flags: ListFlags, { output }: CommandContext): Promise<number> {
  if (!(LIST_KINDS as readonly string[]).includes(kind)) {
    throw new FerryError("USAGE_INVALID", {
      message: `'ferry list ${kind}' is not a list Ferry knows.`,
      hint: `Use one of: ${LIST_KINDS.map((k) => `ferry list ${k}`).join(", ")}.`,
    });
  }
  const session = await openProjectSession(flags);
  const items = rows(session, kind as ListKind, flags.pipeline);
  if (flags.json) {
    output.out(json(items));
    return 0;
  }
  const headers = [...new Set(items.flatMap((i) => Object.keys(i)))];
  output.out(
    table(
      headers,
      items.map((i) => headers.map((h) => cell(i[h]))),
    ),
  );
  return 0;
}
