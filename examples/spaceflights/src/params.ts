import { defineParams } from "@ferry/core";
import { z } from "zod";

export const paramsSchema = z.strictObject({
  model_options: z.strictObject({
    test_size: z.number().gt(0).lt(1),
    random_state: z.int(),
    features: z.array(z.string()).min(1),
  }),
});

export type ModelOptions = z.infer<typeof paramsSchema>["model_options"];
export const params = defineParams(paramsSchema);
