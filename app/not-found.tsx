import Link from "next/link";
import { connection } from "next/server";

export const metadata = { title: "Not found" };

/**
 * Any address the app does not have, and runs or datasets that do not exist (their pages call notFound()).
 * Rendered per request, never prerendered: a page built ahead carries no nonce, so under the nonce CSP its scripts
 * were blocked (12 console errors on every unknown address). connection() tells Next to wait for a request.
 */
export default async function NotFound() {
  await connection();
  return (
    <section className="empty-state not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Nothing here</h1>
      <p>
        There is no page at this address. A run or dataset link that worked before points at a database that no longer
        has it: runs live in the database of the Lineup server that ran them.
      </p>
      <p className="toolbar">
        <Link className="btn btn-primary" href="/runs">
          All runs
        </Link>
        <Link className="btn" href="/datasets">
          Datasets
        </Link>
        <Link className="btn" href="/">
          Start a comparison
        </Link>
      </p>
    </section>
  );
}
