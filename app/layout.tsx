import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SiteNav } from "@/components/layout/site-nav";
import { Providers } from "@/components/providers";
import "./globals.css";
import "./fit.css";

export const metadata: Metadata = {
  title: { default: "Lineup", template: "%s · Lineup" },
  description: "Run local language models side by side on a RAG job over your own data.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Lineup
          </Link>
          <SiteNav />
        </header>
        <Providers>
          <main id="main" className="site-main">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
