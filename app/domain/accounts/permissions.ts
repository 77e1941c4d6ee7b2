/**
 * The one permissions table. A permission is `action:entity:access`; access `own` means records
 * of the acting membership's organization, `any` means every record. The server checks these
 * strings (permissions.server.ts); the UI uses the same strings to hide what a user may not do.
 */
export const roles = ["RESEARCHER", "TTO", "ENTERPRISE", "BROKER", "BUREAU", "ADMIN"] as const;
export type RoleName = (typeof roles)[number];

export type Access = "own" | "any";
export type Action = "create" | "read" | "update" | "delete" | "submit" | "review" | "manage" | "approve" | "export" | "moderate";
export type Entity = "achievement" | "need" | "listing" | "membership" | "organization" | "report" | "challenge" | "bid" | "match" | "deal" | "room" | "audit" | "token" | "policy" | "commission" | "interest" | "application";
export type Permission = `${Action}:${Entity}:${Access}`;
/** What a caller asks for: the access is decided by the record's organization. */
export type PermissionCheck = `${Action}:${Entity}`;

const listingOwner: Permission[] = [
  "create:achievement:own",
  "read:achievement:own",
  "update:achievement:own",
  "delete:achievement:own",
  "submit:achievement:own",
];

/** A party to a deal (supplier, demander or the following agency) reads and moves its own deals (deals.server.ts). */
const dealParty: Permission[] = ["read:deal:own", "update:deal:own"];
/** The bureau and the platform see every deal and the commission ledger, but move none. */
const dealOversight: Permission[] = ["read:deal:any", "read:commission:any", "export:commission:any"];

// Expressions of interest: sent in the organization's name, and answered for the organization that owns the listing.
const interestParty: Permission[] = ["create:interest:own", "update:interest:own"];

/** 揭榜申报: an eligible organization's members draft, edit, submit and withdraw its applications. */
const applicant: Permission[] = ["create:application:own", "read:application:own", "update:application:own"];

export const permissionsByRole: Record<RoleName, readonly Permission[]> = {
  RESEARCHER: [...listingOwner, "create:bid:own", ...dealParty, ...interestParty, ...applicant],
  TTO: [...listingOwner, "export:report:own", "create:bid:own", "create:room:own", ...dealParty, ...interestParty, ...applicant],
  ENTERPRISE: [
    "create:need:own",
    "read:need:own",
    "update:need:own",
    "delete:need:own",
    "submit:need:own",
    "create:challenge:own",
    "update:challenge:own",
    "create:bid:own",
    ...dealParty,
    ...interestParty,
    ...applicant,
  ],
  BROKER: [
    "review:listing:any",
    "review:challenge:any",
    "read:achievement:any",
    "read:need:any",
    "create:match:any",
    // deals of the broker's own agency; a broker opens deals between any two organizations
    ...dealParty,
    "create:deal:any",
    "read:commission:own",
    "export:commission:own",
    "moderate:room:any",
    "create:room:any",
    "read:membership:own",
    "read:application:any",
    "review:application:any",
  ],
  BUREAU: [
    "review:challenge:any",
    "read:achievement:any",
    "read:need:any",
    "export:report:any",
    "read:audit:any",
    "create:challenge:own",
    "update:challenge:own",
    // the bureau dashboard, its drill-down lists and the quarterly report
    "read:report:any",
    ...dealOversight,
    "read:application:any",
  ],
  ADMIN: [
    ...dealOversight,
    "read:achievement:any",
    "update:achievement:any",
    "delete:achievement:any",
    "read:need:any",
    "update:need:any",
    "delete:need:any",
    "review:listing:any",
    "review:challenge:any",
    "approve:membership:any",
    "manage:membership:any",
    "manage:organization:any",
    "read:audit:any",
    "export:report:any",
    "moderate:room:any",
    "create:room:any",
    "read:report:any",
    // policy measures are data: an administrator revises them (each revision is a new version)
    "manage:policy:any",
    "read:application:any",
  ],
};

/** Granted on top of the role to a member who administers their organization. */
// manage:commission:own — a broker agency's commission rules (checked to be an agency in commissions.server.ts).
// manage:token:own — API tokens act for the organization, so only its administrators issue and revoke them.
export const orgAdminPermissions: readonly Permission[] = ["approve:membership:own", "manage:membership:own", "manage:organization:own", "manage:token:own", "manage:commission:own"];

export type GrantSource = { role: RoleName; organizationId: string; orgAdmin: boolean };

/** Every permission a set of active memberships grants, with the organization it is bound to. */
export function grantsOf(memberships: readonly GrantSource[]): { permission: Permission; organizationId: string }[] {
  return memberships.flatMap((m) =>
    [...permissionsByRole[m.role], ...(m.orgAdmin ? orgAdminPermissions : [])].map((permission) => ({ permission, organizationId: m.organizationId })),
  );
}

/**
 * Whether the memberships allow `check` on a record owned by `ownerOrgId`
 * (pass undefined for actions that do not touch an existing record, such as create).
 */
export function can(memberships: readonly GrantSource[], check: PermissionCheck, ownerOrgId?: string | null): boolean {
  return grantsOf(memberships).some(({ permission, organizationId }) => {
    if (permission === `${check}:any`) return true;
    if (permission !== `${check}:own`) return false;
    return ownerOrgId === undefined || ownerOrgId === organizationId;
  });
}

export const orgKinds = ["UNIVERSITY", "INSTITUTE", "ENTERPRISE", "BROKER_AGENCY", "GOVERNMENT"] as const;
export type OrgKindName = (typeof orgKinds)[number];

/** Roles that fit each kind of organization: a university has researchers and a tech-transfer office, and so on. */
export const rolesForOrgKind: Record<OrgKindName, readonly RoleName[]> = {
  UNIVERSITY: ["TTO", "RESEARCHER"],
  INSTITUTE: ["TTO", "RESEARCHER"],
  ENTERPRISE: ["ENTERPRISE"],
  BROKER_AGENCY: ["BROKER"],
  GOVERNMENT: ["BUREAU"],
};

export function roleFitsOrgKind(kind: OrgKindName, role: RoleName): boolean {
  return rolesForOrgKind[kind].includes(role);
}

export function isOrgKind(value: string): value is OrgKindName {
  return (orgKinds as readonly string[]).includes(value);
}
