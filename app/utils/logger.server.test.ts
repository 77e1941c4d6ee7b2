import { afterEach, expect, test, vi } from "vitest";
import { logger, redact } from "./logger.server";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `log` and returns what reached stdout and stderr. */
function captured(log: () => void): string {
  const lines: string[] = [];
  const grab = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(grab);
  vi.spyOn(process.stderr, "write").mockImplementation(grab);
  log();
  vi.restoreAllMocks();
  return lines.join("");
}

const SESSION = "susong_session=AbCdEfGhIjKlMnOpQrStUvWx.0123456789abcdefghijABCDEFGHIJ_-klmnopqrs";
const API_TOKEN = "sx_0a1b2c3d_QmFzZTY0dXJsU2VjcmV0VmFsdWVUaGF0SXNMb25n";

test("cookies, authorization headers, passwords and tokens never reach a log line, at any depth", () => {
  const out = captured(() =>
    logger.warn("request failed", {
      password: "Susong-Demo-2026",
      headers: { cookie: SESSION, Authorization: `Bearer ${API_TOKEN}`, "user-agent": "curl/8" },
      form: [{ newPassword: "Another-secret-2026" }, { email: "someone@example.com" }],
      sessionToken: "raw-token-value",
      passwordHash: "$argon2id$v=19$m=19456",
    }),
  );
  expect(out).toContain("request failed");
  expect(out).toContain("curl/8");
  expect(out).toContain("someone@example.com");
  for (const secret of ["Susong-Demo-2026", "AbCdEfGhIjKlMnOp", API_TOKEN, "Another-secret-2026", "raw-token-value", "argon2id"]) expect(out).not.toContain(secret);
  expect(JSON.parse(out)).toMatchObject({ level: "warn", password: "[redacted]", headers: { cookie: "[redacted]", Authorization: "[redacted]", "user-agent": "curl/8" } });
});

test("secrets inside free text (messages, error strings, URLs) are masked, the rest is kept", () => {
  const out = captured(() =>
    logger.error(`upstream answered 401 for Bearer ${API_TOKEN}`, { error: new Error(`cookie header was ${SESSION}; path=/`), url: `/api?token=${API_TOKEN}` }),
  );
  expect(out).not.toContain(API_TOKEN);
  expect(out).not.toContain("AbCdEfGhIjKlMnOp");
  expect(out).toContain("upstream answered 401 for Bearer [redacted]");
  expect(out).toContain("susong_session=[redacted]");
});

test("redaction copies: the caller's objects are left as they were; cycles end", () => {
  const fields: Record<string, unknown> = { nested: { cookie: "x" } };
  fields.self = fields;
  const copy = redact(fields);
  expect(fields.nested).toEqual({ cookie: "x" });
  expect(copy).toMatchObject({ nested: { cookie: "[redacted]" }, self: "[…]" });
});
