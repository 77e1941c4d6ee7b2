import { Transform, type TransformCallback } from "node:stream";

/** React's server renderer fills and flushes views of this many bytes. */
const REACT_VIEW_SIZE = 2048;

/**
 * React 18.3's renderToPipeableStream flushes its whole 2048-byte view when the next multi-byte
 * character does not fit at its end, unfilled bytes included (facebook/react#24985, fixed in
 * React 19). Chinese text then carries a stray U+0000 between two characters. Those 1–3 zero bytes
 * are only ever at the end of a full 2048-byte chunk, where this stream drops them; React writes
 * every other byte as UTF-8 of the page's text, which holds no U+0000 (source text is cleaned).
 */
export function reactNulPaddingStripper(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      let end = chunk.length;
      if (chunk.length === REACT_VIEW_SIZE) while (end > chunk.length - 3 && chunk[end - 1] === 0) end -= 1;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
