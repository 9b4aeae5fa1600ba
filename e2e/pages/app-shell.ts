import { expect, type Page } from "@playwright/test";

/** Collects what a user would see as breakage: console errors and failed requests. */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.url()}`);
  });
  return problems;
}

export class AppShell {
  constructor(private readonly page: Page) {}

  nav() {
    return this.page.getByRole("navigation", { name: "Main" });
  }

  async goTo(label: "Compare" | "Runs" | "Datasets" | "Models" | "Leaderboard") {
    await this.nav().getByRole("link", { name: label }).click();
    await expect(this.nav().getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
  }
}
