import crypto from "node:crypto";
import type express from "express";

export type SecurityHeaderOptions = {
  /** HSTS is sent only in production, and only on requests that arrived over HTTPS (directly or via a trusted proxy). */
  production: boolean;
  /** Vite's dev server injects inline module scripts and opens a HMR socket: scripts are not nonce-bound there. */
  development: boolean;
};

/** A fresh, unguessable nonce for one response (128 bits, base64). */
export function createNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * The Content-Security-Policy of a page. Scripts load from our own origin, inline scripts only with
 * the response's nonce (Remix's hydration context, route module imports, React's streaming chunks);
 * no eval, no plugins, no framing, forms post only to ourselves. socket.io connects to the same
 * origin ('self' covers ws:/wss: of that origin in CSP Level 3).
 */
export function contentSecurityPolicy(nonce: string, options: Pick<SecurityHeaderOptions, "development">): string {
  const scripts = options.development ? "script-src 'self' 'unsafe-inline'" : `script-src 'self' 'nonce-${nonce}'`;
  return [
    "default-src 'self'",
    scripts,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    options.development ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the security headers on every response and leaves the nonce in res.locals.cspNonce for the renderer. */
export function securityHeaders(options: SecurityHeaderOptions): express.RequestHandler {
  return (req, res, next) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, options));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (options.production && req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}
