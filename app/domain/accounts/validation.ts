import { z } from "zod";
import { orgKinds, roleFitsOrgKind, roles } from "./permissions";
import { commonPasswords } from "./common-passwords";

// Messages are i18n keys (see app/i18n/messages); app/utils/forms.ts translates them with the issue's limits.
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 50;
export const ORG_NAME_MAX = 80;
export const EMAIL_MAX = 254;

const noMarkup = (value: string) => !/[<>]/.test(value);

export const emailSchema = z
  .string({ message: "validation.required" })
  .trim()
  .toLowerCase()
  .min(1, { message: "validation.required" })
  .max(EMAIL_MAX, { message: "validation.tooLong" })
  .pipe(z.email({ message: "validation.email" }));

export const nameSchema = z
  .string({ message: "validation.required" })
  .trim()
  .min(1, { message: "validation.required" })
  .max(NAME_MAX, { message: "validation.tooLong" })
  .refine(noMarkup, { message: "validation.noMarkup" });

export const newPasswordSchema = z
  .string({ message: "validation.required" })
  .min(1, { message: "validation.required" })
  .min(PASSWORD_MIN, { message: "validation.passwordTooShort" })
  .max(PASSWORD_MAX, { message: "validation.passwordTooLong" })
  .refine((value) => !isCommonPassword(value), { message: "validation.passwordCommon" });

export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) return true;
  // One character repeated, or a run of consecutive digits/letters, is as weak as a listed password.
  if (/^(.)\1+$/.test(lowered)) return true;
  return "01234567890123456789 abcdefghijklmnopqrstuvwxyz qwertyuiopasdfghjklzxcvbnm".includes(lowered);
}

const localeSchema = z.enum(["zh-CN", "en"], { message: "validation.choice" }).default("zh-CN");

const signupBase = z.object({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  locale: localeSchema,
});

export const signupSchema = z
  .discriminatedUnion(
    "mode",
    [
      signupBase.extend({
        mode: z.literal("create"),
        orgName: z
          .string({ message: "validation.required" })
          .trim()
          .min(2, { message: "validation.tooShort" })
          .max(ORG_NAME_MAX, { message: "validation.tooLong" })
          .refine(noMarkup, { message: "validation.noMarkup" }),
        orgKind: z.enum(orgKinds, { message: "validation.choice" }),
        role: z.enum(roles, { message: "validation.choice" }),
      }),
      signupBase.extend({
        mode: z.literal("join"),
        organizationId: z.string({ message: "validation.choice" }).trim().min(1, { message: "validation.choice" }).max(64, { message: "validation.choice" }),
        role: z.enum(roles, { message: "validation.choice" }),
      }),
    ],
    { message: "validation.choice" },
  )
  .superRefine((value, ctx) => {
    const emailName = value.email.split("@")[0] ?? "";
    if (emailName.length >= 4 && value.password.toLowerCase().includes(emailName)) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "validation.passwordLikeEmail" });
    }
    if (value.mode === "create" && !roleFitsOrgKind(value.orgKind, value.role)) {
      ctx.addIssue({ code: "custom", path: ["role"], message: "validation.roleNotForKind" });
    }
  });
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ message: "validation.required" }).min(1, { message: "validation.required" }).max(PASSWORD_MAX, { message: "validation.passwordTooLong" }),
  redirectTo: z.string().optional(),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string({ message: "validation.required" }).min(1, { message: "validation.required" }).max(PASSWORD_MAX, { message: "validation.passwordTooLong" }),
  newPassword: newPasswordSchema,
});
