import { LoginForm } from "@/components/auth/login-form";
import { PageHeader } from "@/components/ui/page-header";
import { safeNext } from "@/lib/security/safe-next";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

/** Where a share link lands when the server is exposed: enter the token once, then go on to the link. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only paths on this server, as the browser will parse them: never a redirect to another site.
  const target = safeNext(next);
  return (
    <>
      <PageHeader
        title="Sign in"
        lead="This Lineup server is reachable from other machines, so it asks for its token. The token was printed when the server started (or is the LINEUP_TOKEN it was given)."
      />
      <LoginForm next={target} />
    </>
  );
}
