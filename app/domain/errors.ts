import type { MessageKey, TranslateParams } from "~/i18n/i18n";

/**
 * A rule the user broke. Routes turn it into a 4xx answer with the message in the user's
 * language; `field` points the message at a form field.
 */
export class DomainError extends Error {
  constructor(
    public readonly messageKey: MessageKey,
    public readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 = 400,
    public readonly field?: string,
    public readonly params?: TranslateParams,
  ) {
    super(messageKey);
    this.name = "DomainError";
  }
}
