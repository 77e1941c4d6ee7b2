import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { can } from "~/domain/accounts/permissions";
import { getTranslator, I18nProvider, useI18n } from "~/i18n/i18n";
import { getLocale, getRequestedLocale, localeCookie } from "~/i18n/locale.server";
import { defaultLocale, type Locale } from "~/i18n/locales";
import { getActor } from "~/utils/session.server";
import { setUserLocale } from "~/domain/accounts/accounts.server";
import { getPrisma } from "~/utils/db.server";
import { NotificationBadge } from "~/components/notification-badge";
import { unreadNotificationCount } from "~/domain/notifications/notifications.server";
import { useNonce } from "~/utils/nonce";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const requested = getRequestedLocale(request);
  const actor = await getActor(request);
  // A signed-in user's saved language counts when neither the URL nor the cookie says otherwise.
  let locale = getLocale(request);
  if (actor && !requested && !request.headers.get("Cookie")?.includes("lng=") && (actor.locale === "en" || actor.locale === "zh-CN")) {
    locale = actor.locale;
  }
  if (actor && requested && actor.locale !== requested) await setUserLocale(await getPrisma(), actor.id, requested);
  return data(
    {
      locale,
      requestId: context.requestId,
      user: actor
        ? {
            name: actor.name,
            canApprove: actor.memberships.some((m) => m.orgAdmin || m.role === "ADMIN") || can(actor.memberships, "approve:membership"),
            pending: actor.memberships.length === 0 && actor.allMemberships.some((m) => m.status === "PENDING"),
            canReview: can(actor.memberships, "review:listing"),
            hasListings: can(actor.memberships, "create:achievement") || can(actor.memberships, "create:need"),
            canManageTokens: can(actor.memberships, "manage:token"),
            canSeeReports: can(actor.memberships, "read:report"),
            isBroker: can(actor.memberships, "create:deal"),
            seesDeals: can(actor.memberships, "read:deal"),
            unreadNotifications: await unreadNotificationCount(await getPrisma(), actor.id),
          }
        : null,
    },
    { headers: requested ? { "Set-Cookie": localeCookie(requested) } : undefined },
  );
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function LanguageSwitch() {
  const { locale, t } = useI18n();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.set("lng", locale === "zh-CN" ? "en" : "zh-CN");
  return (
    <a
      href={`${location.pathname}?${params.toString()}`}
      lang={locale === "zh-CN" ? "en" : "zh-CN"}
      className="rounded-md border border-slate-300 px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-100"
      aria-label={`${t("nav.language")}: ${t("nav.switchTo")}`}
      data-testid="language-switch"
    >
      {t("nav.switchTo")}
    </a>
  );
}

function Header() {
  const { t } = useI18n();
  const root = useRootData();
  const user = root?.user;
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-2 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        <Link to="/" className="flex items-center gap-2 text-lg font-semibold text-brand-900">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {t("app.shortName")}
        </Link>
        <nav aria-label={t("nav.main")} className="flex flex-1 flex-wrap items-center gap-1">
          <NavLink to="/achievements" className={navClass}>
            {t("nav.achievements")}
          </NavLink>
          <NavLink to="/needs" className={navClass}>
            {t("nav.needs")}
          </NavLink>
          <NavLink to="/search" className={navClass}>
            {t("nav.search")}
          </NavLink>
          <NavLink to="/challenges" className={navClass}>
            {t("nav.challenges")}
          </NavLink>
          <NavLink to="/rooms" className={navClass}>
            {t("nav.rooms")}
          </NavLink>
          {user ? (
            <NavLink to="/applications" className={navClass}>
              {t("application.navLink")}
            </NavLink>
          ) : null}
          {user?.hasListings ? (
            <NavLink to="/my" className={navClass}>
              {t("nav.my")}
            </NavLink>
          ) : null}
          {user?.canReview ? (
            <NavLink to="/review" className={navClass}>
              {t("nav.review")}
            </NavLink>
          ) : null}
          {user?.isBroker ? (
            <NavLink to="/broker" className={navClass}>
              {t("nav.broker")}
            </NavLink>
          ) : null}
          {user?.seesDeals ? (
            <NavLink to="/deals" className={navClass}>
              {t("nav.deals")}
            </NavLink>
          ) : null}
          {user?.canSeeReports ? (
            <NavLink to="/bureau" className={navClass}>
              {t("nav.bureau")}
            </NavLink>
          ) : null}
          {user ? (
            <NavLink to="/advisor" className={navClass}>
              {t("nav.advisor")}
            </NavLink>
          ) : null}
          {user ? (
            <>
              <NavLink to="/interests" className={navClass}>
                {t("nav.interests")}
              </NavLink>
              <NavLink to="/conversations" className={navClass}>
                {t("nav.conversations")}
              </NavLink>
              <NavLink to="/notifications" className={navClass}>
                {t("nav.notifications")}
                <NotificationBadge initial={user.unreadNotifications} />
              </NavLink>
            </>
          ) : null}
          {user?.canManageTokens ? (
            <NavLink to="/tokens" className={navClass}>
              {t("nav.tokens")}
            </NavLink>
          ) : null}
          {user?.canApprove ? (
            <NavLink to="/approvals" className={navClass}>
              {t("nav.approvals")}
            </NavLink>
          ) : null}
        </nav>
        <div className="flex items-center gap-2">
          <LanguageSwitch />
          {user ? (
            <>
              <NavLink to="/account" className={navClass} data-testid="account-link">
                {user.name}
              </NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login" className={navClass}>
                {t("nav.login")}
              </NavLink>
              <Link to="/signup" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
                {t("nav.signup")}
              </Link>
            </>
          )}
        </div>
      </div>
      {user?.pending ? (
        <p role="status" className="bg-amber-50 px-4 py-2 text-center text-sm text-amber-900">
          {t("account.pendingNotice")}
        </p>
      ) : null}
    </header>
  );
}

function Footer() {
  const { t } = useI18n();
  return (
    <footer className="mt-16 border-t border-slate-200 bg-white">
      <div className="mx-auto max-w-6xl space-y-1 px-4 py-6 text-xs text-slate-500">
        <p>{t("app.demoNotice")}</p>
        <p>{t("footer.policy")}</p>
        <p>{t("footer.data")}</p>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const nonce = useNonce();
  const locale: Locale = root?.locale ?? defaultLocale;
  const i18n = useMemo(() => ({ locale, t: getTranslator(locale) }), [locale]);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <I18nProvider value={i18n}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
            {i18n.t("nav.skipToContent")}
          </a>
          <Header />
          <main id="main" className="mx-auto max-w-6xl px-4 py-8">
            {children}
          </main>
          <Footer />
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  const requestId = useRootData()?.requestId ?? "-";
  let title = t("error.server.title");
  let body = t("error.server.body", { requestId });
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("error.notFound.title");
      body = t("error.notFound.body");
    } else if (error.status === 403) {
      title = t("error.forbidden.title");
      body = t("error.forbidden.body");
    } else if (error.status === 401) {
      title = t("error.unauthorized.title");
      body = "";
    } else if (error.status === 400) {
      title = t("error.badRequest.title");
      body = typeof error.data === "string" ? error.data : "";
    }
  }
  return (
    <section className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8 text-center" data-testid="error-page">
      <p className="text-5xl font-bold text-brand-600">{isRouteErrorResponse(error) ? error.status : 500}</p>
      <h1 className="mt-4 text-2xl font-semibold">{title}</h1>
      {body ? <p className="mt-2 text-slate-600">{body}</p> : null}
      <Link to="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        {t("error.backHome")}
      </Link>
    </section>
  );
}
