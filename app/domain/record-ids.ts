/**
 * Record ids are cuids: lowercase letters and digits. Text that is not one names no record, and it
 * must not reach a query as an id: PostgreSQL answers a NUL character in text with an error, not an
 * empty result, which would turn a wrong id into a server error instead of a 404.
 */
export function isRecordId(id: string): boolean {
  return /^[a-z0-9]{1,64}$/.test(id);
}
