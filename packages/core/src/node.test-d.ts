// Type-level tests: checked by `tsc -p tsconfig.test.json` (the typecheck task).
// Each @ts-expect-error must be a real compile error, or tsc fails the build.
import { expectTypeOf } from "vitest";
import { json, memory, text } from "./catalog/types/index.ts";
import { node } from "./node.ts";
import { defineCatalog, defineParams, type ParamRef } from "./refs.ts";

const ds = defineCatalog({ count: memory<number>(), label: text(), doc: json<{ n: number }>() });
const params = defineParams<{ model: { rate: number; name: string } }>();

expectTypeOf(params("model.rate")).toEqualTypeOf<ParamRef<number>>();
expectTypeOf(params("model")).toEqualTypeOf<ParamRef<{ rate: number; name: string }>>();
// @ts-expect-error an unknown parameter path
params("model.rte");

node({ name: "ok", inputs: [ds.count, params("model.rate")], outputs: ds.label, func: (c, r) => `${c * r}` });
node({ name: "async", inputs: [ds.label], outputs: ds.count, func: async (s) => s.length });
node({ name: "multi", inputs: [], outputs: [ds.count, ds.label], func: () => [1, "x"] });
node({ name: "sink", inputs: [ds.doc], outputs: null, func: (d) => void d.n });

// @ts-expect-error the input is a number, the function wants a string
node({ name: "wrong-input", inputs: [ds.count], outputs: ds.label, func: (s: string) => s });
// @ts-expect-error returns a number where the output is text
node({ name: "wrong-output", inputs: [ds.count], outputs: ds.label, func: (c) => c });
// @ts-expect-error swapped multi-output order
node({ name: "swapped", inputs: [], outputs: [ds.count, ds.label], func: () => ["x", 1] });
// @ts-expect-error wrong arity: the function needs two inputs
node({ name: "arity", inputs: [ds.count], outputs: ds.count, func: (a: number, b: number) => a + b });
// @ts-expect-error a parameter of the wrong type
node({ name: "param-type", inputs: [params("model.name")], outputs: ds.count, func: (r: number) => r });
// @ts-expect-error an unknown dataset is a compile error
node({ name: "unknown", inputs: [ds.cuont], outputs: ds.count, func: (c: number) => c });
