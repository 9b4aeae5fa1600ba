import { expect, type Page } from "@playwright/test";

export class DatasetsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/datasets");
  }

  dataset(name: string) {
    return this.page.getByTestId("dataset").filter({ has: this.page.getByRole("heading", { name, exact: true }) });
  }

  async upload(fileName: string, content: string | Buffer) {
    await this.page
      .getByLabel("CSV file")
      .setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(content) });
  }

  async waitReady(name: string) {
    await expect(this.dataset(name)).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
  }

  async search(options: { dataset?: string; group: string; question: string; k?: number }) {
    const panel = this.page.getByRole("region", { name: "Try the retrieval" });
    if (options.dataset) await panel.getByLabel("Dataset").selectOption({ label: options.dataset });
    await panel.getByLabel("Group").selectOption({ value: options.group });
    await panel.getByLabel("Question").fill(options.question);
    if (options.k) await panel.getByLabel("k", { exact: true }).fill(String(options.k));
    await panel.getByRole("button", { name: "Search" }).click();
    return panel;
  }
}
