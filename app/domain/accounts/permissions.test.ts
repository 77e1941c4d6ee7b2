import { expect, test } from "vitest";
import { can, grantsOf, permissionsByRole, roleFitsOrgKind, roles } from "./permissions";

const member = (role: (typeof roles)[number], organizationId = "org-a", orgAdmin = false) => ({ role, organizationId, orgAdmin });

test("own access is bound to the member's organization; any access is not", () => {
  expect(can([member("RESEARCHER")], "update:achievement", "org-a")).toBe(true);
  expect(can([member("RESEARCHER")], "update:achievement", "org-b")).toBe(false);
  expect(can([member("ADMIN")], "update:achievement", "org-b")).toBe(true);
  expect(can([member("BROKER")], "review:listing", "org-z")).toBe(true);
});

test("a permission the role does not hold is denied whatever the organization", () => {
  expect(can([member("ENTERPRISE")], "create:achievement")).toBe(false);
  expect(can([member("RESEARCHER")], "update:need", "org-a")).toBe(false);
  expect(can([member("BUREAU")], "delete:achievement", "org-a")).toBe(false);
  expect(can([], "read:achievement", "org-a")).toBe(false);
});

test("organization administrators gain membership approval for their own organization only", () => {
  expect(can([member("ENTERPRISE", "org-a", true)], "approve:membership", "org-a")).toBe(true);
  expect(can([member("ENTERPRISE", "org-a", true)], "approve:membership", "org-b")).toBe(false);
  expect(can([member("ENTERPRISE", "org-a", false)], "approve:membership", "org-a")).toBe(false);
});

test("several memberships combine, each bound to its own organization", () => {
  const memberships = [member("RESEARCHER", "uni"), member("ENTERPRISE", "company")];
  expect(can(memberships, "update:achievement", "uni")).toBe(true);
  expect(can(memberships, "update:achievement", "company")).toBe(false);
  expect(can(memberships, "update:need", "company")).toBe(true);
  expect(grantsOf(memberships).every((g) => ["uni", "company"].includes(g.organizationId))).toBe(true);
});

test("every role has permissions and every permission string is well formed", () => {
  for (const role of roles) {
    expect(permissionsByRole[role].length).toBeGreaterThan(0);
    for (const permission of permissionsByRole[role]) expect(permission).toMatch(/^[a-z]+:[a-z]+:(own|any)$/);
  }
});

test("roles fit organization kinds", () => {
  expect(roleFitsOrgKind("UNIVERSITY", "TTO")).toBe(true);
  expect(roleFitsOrgKind("UNIVERSITY", "ENTERPRISE")).toBe(false);
  expect(roleFitsOrgKind("GOVERNMENT", "BUREAU")).toBe(true);
  expect(roleFitsOrgKind("ENTERPRISE", "ADMIN")).toBe(false);
});
