import { z } from "zod";

/** One entry of catalog.yml. */
export const catalogEntrySchema = z.strictObject({
  type: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  versioned: z.boolean().optional(),
  load_args: z.record(z.string(), z.unknown()).optional(),
  save_args: z.record(z.string(), z.unknown()).optional(),
});

export type CatalogEntryConfig = z.infer<typeof catalogEntrySchema>;
export const CATALOG_KEYS = Object.keys(catalogEntrySchema.shape);
