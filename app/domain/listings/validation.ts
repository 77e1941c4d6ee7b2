export const TITLE_MAX = 120;
export const TEXT_MAX = 20_000;

/** ?page= as a whole number from 1; anything else reads as the first page. */
export function pageFromUrl(url: URL): number {
  const value = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(value) && value >= 1 && value <= 100_000 ? value : 1;
}
