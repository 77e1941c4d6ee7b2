import { expect, test } from "vitest";
import { isCommonPassword, loginSchema, NAME_MAX, signupSchema } from "./validation";

const valid = {
  mode: "create",
  email: "lin@lujiang.edu.cn",
  name: "林老师",
  password: "Lujiang-tech-2026",
  orgName: "鹭江大学",
  orgKind: "UNIVERSITY",
  role: "TTO",
};

function issuesOf(input: Record<string, unknown>) {
  const result = signupSchema.safeParse(input);
  // The first issue of each field is the one shown, as in app/utils/forms.server.ts.
  const first: Record<string, string> = {};
  if (!result.success) for (const issue of result.error.issues) first[issue.path.join(".")] ??= issue.message;
  return first;
}

test("a valid sign-up parses, with the email normalised", () => {
  const parsed = signupSchema.parse({ ...valid, email: "  Lin@LuJiang.edu.cn " });
  expect(parsed.email).toBe("lin@lujiang.edu.cn");
});

test("malformed emails are refused with the email message", () => {
  for (const email of ["lin", "lin@", "@lujiang.edu.cn", "lin@@x.cn", "lin lujiang@x.cn"]) {
    expect(issuesOf({ ...valid, email }).email).toBe("validation.email");
  }
  expect(issuesOf({ ...valid, email: "" }).email).toBe("validation.required");
});

test("short, over-long and common passwords are refused", () => {
  expect(issuesOf({ ...valid, password: "abc123" }).password).toBe("validation.passwordTooShort");
  expect(issuesOf({ ...valid, password: "Ab1-".repeat(33) }).password).toBe("validation.passwordTooLong");
  expect(issuesOf({ ...valid, password: "password123" }).password).toBe("validation.passwordCommon");
  expect(issuesOf({ ...valid, password: "1234567890" }).password).toBe("validation.passwordCommon");
  expect(issuesOf({ ...valid, password: "aaaaaaaaaaaa" }).password).toBe("validation.passwordCommon");
  expect(isCommonPassword("Lujiang-tech-2026")).toBe(false);
});

test("a password containing the email name is refused", () => {
  expect(issuesOf({ ...valid, email: "zhangwei@example.com", password: "zhangwei-2026!" }).password).toBe("validation.passwordLikeEmail");
});

test("names with markup or over the length limit are refused", () => {
  expect(issuesOf({ ...valid, name: "<b>林</b>" }).name).toBe("validation.noMarkup");
  expect(issuesOf({ ...valid, name: "林".repeat(NAME_MAX + 1) }).name).toBe("validation.tooLong");
  expect(issuesOf({ ...valid, name: "   " }).name).toBe("validation.required");
  expect(issuesOf({ ...valid, orgName: "<script>alert(1)</script>" }).orgName).toBe("validation.noMarkup");
});

test("the role must fit the organization kind, and unknown choices are refused", () => {
  expect(issuesOf({ ...valid, orgKind: "ENTERPRISE", role: "TTO" }).role).toBe("validation.roleNotForKind");
  expect(issuesOf({ ...valid, orgKind: "SPACESHIP" }).orgKind).toBe("validation.choice");
  expect(issuesOf({ ...valid, mode: "steal" }).mode).toBe("validation.choice");
});

test("login needs both fields", () => {
  const result = loginSchema.safeParse({ email: "", password: "" });
  expect(result.success).toBe(false);
});
