import { createContext, useContext } from "react";

/**
 * The per-response Content-Security-Policy nonce. The server renders it on every inline script
 * Remix and React emit; in the browser it is empty (browsers hide nonces from the page anyway).
 */
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
