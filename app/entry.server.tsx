import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { reactNulPaddingStripper } from "~/utils/html-stream.server";
import { logger } from "~/utils/logger.server";
import { NonceProvider } from "~/utils/nonce";

export const streamTimeout = 5_000;

/** Renders the page; crawlers get the whole document at once, browsers get it streamed. */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let status = responseStatusCode;
    const ready = () => {
      shellRendered = true;
      // Not a plain PassThrough: React 18 pads some chunks with zero bytes inside Chinese text.
      const body = reactNulPaddingStripper();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }));
      pipe(body);
    };
    // Every inline script (Remix's context and route imports, React's streaming chunks) carries the response's CSP nonce.
    const nonce = loadContext.cspNonce;
    const page = (
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>
    );
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      onShellReady: waitForAll ? undefined : ready,
      onAllReady: waitForAll ? ready : undefined,
      onShellError: reject,
      onError(error: unknown) {
        status = 500;
        // Errors before the shell is ready reach handleError through the rejection.
        if (shellRendered) logger.error("render error", { requestId: loadContext.requestId, error: describe(error) });
      },
    });
    setTimeout(abort, streamTimeout + 1_000);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Unexpected errors are logged once, with the request id the error page shows. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  logger.error("unhandled error", { requestId: context.requestId, method: request.method, url: request.url, error: describe(error) });
};
