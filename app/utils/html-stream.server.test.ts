import { type Duplex, PassThrough } from "node:stream";
import { text } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { expect, test } from "vitest";
import { reactNulPaddingStripper } from "./html-stream.server";

const WORDS = "垃圾焚烧飞灰的无害化稳定化组合处理方案";

/** A list page's worth of Chinese titles in links, as the needs list renders them. */
const page = () =>
  createElement(
    "ul",
    null,
    Array.from({ length: 400 }, (_, i) => createElement("li", { key: i }, createElement("a", { href: `/needs/${i}` }, WORDS))),
  );

function render(into: Duplex): Promise<string> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page(), {
      onAllReady() {
        text(pipe(into)).then(resolve, reject);
      },
      onShellError: reject,
    });
  });
}

test("React 18's renderer pads some 2048-byte chunks with zero bytes inside Chinese text; the stripper removes exactly those", async () => {
  const raw = await render(new PassThrough());
  // The defect guarded against; should a React upgrade fix it, this line says the stripper can go.
  expect(raw).toContain("\u0000");
  const html = await render(reactNulPaddingStripper());
  expect(html).not.toContain("\u0000");
  expect(html).toBe(raw.replaceAll("\u0000", ""));
  expect(html.split(WORDS)).toHaveLength(401);
});
