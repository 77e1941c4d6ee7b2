import { z } from "zod";

export const TITLE_MAX = 120;
export const TEXT_MAX = 20_000;

/** The fields the foundation's edit form changes; the full listing form extends it. */
export const listingEditSchema = z.object({
  title: z
    .string({ message: "validation.required" })
    .trim()
    .min(1, { message: "validation.required" })
    .min(2, { message: "validation.tooShort" })
    .max(TITLE_MAX, { message: "validation.tooLong" }),
  summary: z.string().trim().max(TEXT_MAX, { message: "validation.tooLong" }).default(""),
  description: z.string().trim().max(TEXT_MAX, { message: "validation.tooLong" }).default(""),
});
export type ListingEdit = z.infer<typeof listingEditSchema>;

/** ?page= as a whole number from 1; anything else reads as the first page. */
export function pageFromUrl(url: URL): number {
  const value = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(value) && value >= 1 && value <= 100_000 ? value : 1;
}
