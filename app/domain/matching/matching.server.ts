import type { PrismaClient } from "~/generated/prisma/client";
import { loadDocuments } from "../../../search/documents.server";
import { highlight, type Segment } from "../../../search/query/highlight";
import type { ListingKind } from "../../../search/types";
import type { Matcher, MatchExplanation } from "./pipeline";

export type MatchCard = {
  kind: ListingKind;
  id: string;
  title: Segment[];
  snippet: Segment[];
  ownerOrgName: string;
  score: number;
  explanation: MatchExplanation;
};

export type MatchPage = {
  source: { kind: ListingKind; id: string; title: string; text: Segment[] };
  cards: MatchCard[];
};

/**
 * Ranked matches for a published listing: a need's achievements or an achievement's needs, each with the
 * words both texts share highlighted and the score broken into its parts. Null when the listing is not
 * published (the index holds published listings only).
 */
export async function matchesForListing(db: PrismaClient, matcher: Matcher, kind: ListingKind, id: string, limit = 20): Promise<MatchPage | null> {
  const [document] = await loadDocuments(db, kind, [id]);
  if (!document) return null;
  const results = await matcher.match({ kind, title: document.title, body: document.body, document }, { limit });
  const shared = [...new Set(results.flatMap((result) => result.explanation.matchedTerms))];
  return {
    source: { kind, id, title: document.title, text: highlight(document.body, shared, 400) },
    cards: results.map((result) => ({
      kind: result.document.kind,
      id: result.document.listingId,
      title: highlight(result.document.title, result.explanation.matchedTerms, 200),
      snippet: highlight(result.document.body, result.explanation.matchedTerms, 200),
      ownerOrgName: result.document.ownerOrgName,
      score: result.score,
      explanation: result.explanation,
    })),
  };
}

/**
 * Candidate achievements (and the organizations that own them) for a 揭榜挂帅 challenge: the challenge's
 * title, background and research content go through the same pipeline as a technology need.
 */
export async function candidatesForChallenge(matcher: Matcher, challenge: { title: string; background: string; researchContent: string; indicators: { name: string }[] }, limit = 10) {
  const body = [challenge.background, challenge.researchContent, ...challenge.indicators.map((i) => i.name)].filter(Boolean).join("\n");
  const results = await matcher.match({ kind: "need", title: challenge.title, body }, { limit });
  return results.map((result) => ({
    id: result.document.listingId,
    title: highlight(result.document.title, result.explanation.matchedTerms, 200),
    ownerOrgName: result.document.ownerOrgName,
    score: result.score,
    matchedTerms: result.explanation.matchedTerms.slice(0, 8),
  }));
}
