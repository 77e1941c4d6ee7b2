import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { outcomeText } from "~/components/application-labels";
import { can } from "~/domain/accounts/permissions";
import { isBroker, taskBooks } from "~/domain/challenges/applications.server";
import { formatDate, formatWan, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.taskBook", data?.challenge.title);

/** 任务书: printable; shown to brokers, the issuer, the awarded leads' members and read:application:any. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = await getPrisma();
  const page = await taskBooks(db, params.id ?? "");
  if (!page) throw notFound();
  const issuerOrgId = (await db.challenge.findUniqueOrThrow({ where: { id: page.challenge.id }, select: { issuerOrgId: true } })).issuerOrgId;
  const leads = await db.challengeApplication.findMany({ where: { id: { in: page.books.map((b) => b.id) } }, select: { id: true, leadOrgId: true } });
  const orgIds = new Set(actor.memberships.map((m) => m.organizationId));
  const privileged = isBroker(actor) || orgIds.has(issuerOrgId);
  // a task book is part of its application: read:application decides (the lead's members, or read:application:any)
  const books = privileged ? page.books : page.books.filter((b) => can(actor.memberships, "read:application", leads.find((l) => l.id === b.id)?.leadOrgId ?? null));
  if (!privileged && books.length === 0) throw notFound();
  return { challenge: page.challenge, books };
}

export default function TaskBookPage() {
  const { t, locale } = useI18n();
  const { challenge: c, books } = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl space-y-8" data-testid="task-books">
      <div className="flex justify-between print:hidden">
        <Link to={`/challenges/${c.id}`} className="text-sm text-brand-700 hover:underline">
          ← {c.title}
        </Link>
        <button type="button" onClick={() => window.print()} className="rounded-md border border-slate-300 px-4 py-2 text-sm">
          {t("application.print")}
        </button>
      </div>
      {books.length === 0 ? <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">{t("application.noTaskBooks")}</p> : null}
      {books.map((book) => (
        <section key={book.id} className="space-y-4 bg-white p-8 print:break-after-page print:p-0" data-testid="task-book">
          <h1 className="text-center text-2xl font-semibold">{t("application.taskBook")}</h1>
          <p className="text-center text-sm">{c.title}</p>
          <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">{t("application.leadOrg")}</dt>
            <dd>{book.leadOrgName}</dd>
            <dt className="text-slate-500">{t("application.pi")}</dt>
            <dd>{book.taskBook.principalInvestigator?.name ?? ""}</dd>
            <dt className="text-slate-500">{t("application.requestedWan")}</dt>
            <dd>{formatWan(locale, book.taskBook.requestedWan)}</dd>
            <dt className="text-slate-500">{t("application.selfFundedWan")}</dt>
            <dd>{formatWan(locale, book.taskBook.selfFundedWan)}</dd>
            {book.outcomeCode && book.outcomeCode !== "AWARDED" ? (
              <>
                <dt className="text-slate-500">{t("application.outcome")}</dt>
                <dd>{outcomeText(t, book.outcomeCode)}</dd>
              </>
            ) : null}
          </dl>
          <h2 className="font-semibold">{t("challenge.indicators")}</h2>
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th>{t("challenge.indicatorName")}</th>
                <th>{t("application.target")}</th>
                <th>{t("challenge.indicatorVerification")}</th>
                <th>{t("application.approach")}</th>
              </tr>
            </thead>
            <tbody>
              {book.taskBook.indicators.map((i) => (
                <tr key={i.name} className="border-t border-slate-100 align-top">
                  <td className="py-1">{i.name}</td>
                  <td>
                    {i.target} {i.unit}
                  </td>
                  <td>{i.verification}</td>
                  <td>{i.approach}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="font-semibold">{t("application.milestones")}</h2>
          <table className="w-full text-left text-sm" data-testid="tranches">
            <thead className="text-slate-500">
              <tr>
                <th>#</th>
                <th>{t("application.taskTitle")}</th>
                <th>{t("application.deliverable")}</th>
                <th>{t("application.dueAt")}</th>
                <th>{t("application.tranche")}</th>
                <th>{t("application.trancheWan")}</th>
              </tr>
            </thead>
            <tbody>
              {book.taskBook.milestones.map((m) => (
                <tr key={m.seq} className="border-t border-slate-100">
                  <td className="py-1">{m.seq}</td>
                  <td>{m.deliverable === "acceptance" ? t("application.acceptanceStep") : m.title}</td>
                  <td>{m.deliverable === "acceptance" ? t("application.acceptance") : m.deliverable}</td>
                  <td>{formatDate(locale, m.dueAt)}</td>
                  <td>{Math.round(m.tranche * 10_000) / 100} %</td>
                  <td>{m.trancheWan}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="pt-8 text-sm whitespace-pre">{t("application.signatures")}</p>
        </section>
      ))}
    </article>
  );
}
