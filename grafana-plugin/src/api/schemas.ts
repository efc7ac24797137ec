import { z } from 'zod';

/** What crosses the wire between the exporter's admin API (DESIGN §5) and this app. */

/** One account as the exporter's config holds it. */
export const accountSchema = z.object({
  name: z.string(),
  network: z.string(),
  address: z.string(),
  assets: z.array(z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  min_balance: z.record(z.string(), z.number()).optional(),
});
export type Account = z.infer<typeof accountSchema>;

/** `GET /api/v1/accounts`. */
export const accountsResponseSchema = z.object({ accounts: z.array(accountSchema) });

/** `GET /api/v1/networks`: configured networks and which asset exists on which network. */
export const networksResponseSchema = z.object({
  networks: z.record(z.string(), z.object({ kind: z.string() })),
  assets: z.record(z.string(), z.object({ on: z.record(z.string(), z.string()) })),
});
export type NetworksCatalog = z.infer<typeof networksResponseSchema>;

/** `GET /api/v1/status`: per-target health. */
export const statusResponseSchema = z.object({
  targets: z.array(
    z.object({
      network: z.string(),
      target: z.string(),
      up: z.boolean(),
      last_success: z.union([z.number(), z.string(), z.null()]).optional(),
      last_error: z.string().nullable().optional(),
    })
  ),
});
export type ExporterStatus = z.infer<typeof statusResponseSchema>;

/** Every error body of the admin API; `issues` are the config validator's messages. */
export const errorBodySchema = z.object({
  error: z.string(),
  issues: z.array(z.string()).optional(),
});

/** A 412 body; `current` is there when the exporter could attach the state that won. */
export const conflictBodySchema = errorBodySchema.extend({
  current: z.object({ accounts: z.array(accountSchema), etag: z.string() }).optional(),
});
