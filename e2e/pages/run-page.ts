import { expect, type Page } from "@playwright/test";

export class RunPage {
  constructor(readonly page: Page) {}

  status() {
    return this.page.getByTestId("run-status");
  }

  answers(model?: string) {
    const all = this.page.getByTestId("answer");
    return model ? this.page.locator(`[data-testid="answer"][data-model="${model}"]`) : all;
  }

  running(model: string) {
    return this.page.locator(`[data-testid="answer"][data-model="${model}"][data-state="running"]`);
  }

  chartMarks(title: string) {
    return this.page.locator(`figure[aria-label="${title}"] .recharts-bar-rectangle`);
  }

  async waitFinished(timeout = 240_000) {
    await expect(this.status()).toHaveText(/completed|failed|cancelled/, { timeout });
  }

  /** Every answer's text, in page order: what two viewers of one run must both see. */
  async allAnswers(): Promise<string[]> {
    return this.page.locator('[data-testid="answer"] .answer-text').allInnerTexts();
  }
}
