import { z } from "zod";

const yuan = z.coerce
  .number({ message: "validation.invalid" })
  .int({ message: "validation.invalid" })
  .min(0, { message: "validation.invalid" })
  .max(10_000_000_000, { message: "validation.invalid" });

/** datetime-local values are read as Beijing time, the platform's time zone. */
const beijingTime = z
  .string({ message: "validation.required" })
  .min(1, { message: "validation.required" })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: "validation.invalid" })
  .transform((value) => new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`));

export const newAuctionSchema = z
  .object({
    title: z.string({ message: "validation.required" }).trim().min(2, { message: "validation.tooShort" }).max(120, { message: "validation.tooLong" }),
    startPrice: yuan,
    increment: yuan.refine((v) => v > 0, { message: "validation.invalid" }),
    reservePrice: z.preprocess((v) => (v === "" ? null : v), yuan.nullable()),
    opensAt: beijingTime,
    closesAt: beijingTime,
    softCloseSeconds: z.coerce.number({ message: "validation.invalid" }).int({ message: "validation.invalid" }).min(0, { message: "validation.invalid" }).max(3_600, { message: "validation.invalid" }),
    maxExtensions: z.preprocess((v) => (v === "" ? null : v), z.coerce.number({ message: "validation.invalid" }).int({ message: "validation.invalid" }).min(0, { message: "validation.invalid" }).max(1_000, { message: "validation.invalid" }).nullable()),
    /** minutes of negotiation with the top bidders when the reserve is not met; empty: none */
    negotiationMinutes: z.preprocess(
      (v) => (v === "" || v === undefined ? null : v),
      z.coerce.number({ message: "validation.invalid" }).int({ message: "validation.invalid" }).min(1, { message: "validation.invalid" }).max(10_080, { message: "validation.invalid" }).nullable(),
    ),
  })
  .refine((v) => v.closesAt > v.opensAt, { path: ["closesAt"], message: "rooms.closesAfterOpens" });
