/** How long a review item has waited: fresh (under 3 days), waiting (3–7), overdue (over 7). Shared by the server and the queue page. */
export function ageBand(ageDays: number): "fresh" | "waiting" | "overdue" {
  return ageDays > 7 ? "overdue" : ageDays >= 3 ? "waiting" : "fresh";
}
