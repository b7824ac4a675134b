import type { Browser, Page } from 'playwright-core';

/** The viewport the dispatcher works at. */
export const DESK_VIEWPORT = { width: 1280, height: 720 };

/** One row of the problems panel as a person sees it. */
export interface PanelRow {
  key: string;
  headline: string;
  severity: string;
  /** Suggestion ids the row holds, best first (the first is the one its detail shows). */
  fixIds: number[];
  /** Whether it still has alerts nobody acknowledged (its ✓ button shows). */
  ackable: boolean;
}

/** What the panel shows, and how much of it fits without scrolling. */
export interface PanelView {
  rows: PanelRow[];
  /** Rows wholly inside the panel's list with the list scrolled to the top. */
  rowsOnScreen: number;
  /** How many rows of the average height the list's visible height holds (null: no rows). */
  rowCapacity: number | null;
  /** Info-level problems the default filter hides ("Minor (N)"). */
  hiddenInfo: number;
  /** Suggestions shown apart, under "Other suggestions". */
  otherSuggestions: number;
}

/** Opens the console at `url` in a fresh context and signs in through the login form. */
export async function openConsole(
  browser: Browser,
  url: string,
  account: { email: string; password: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.getByTestId('login-email').fill(account.email);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${url}/`);
  await page
    .getByTestId('connection-indicator')
    .and(page.locator('[data-status="live"]'))
    .waitFor({ timeout: 60_000 });
  await page.getByTestId('problem-panel').waitFor();
  return page;
}

/** Reads the problems panel top-down, as it is on screen. */
export async function readPanel(page: Page): Promise<PanelView> {
  return page.getByTestId('problem-panel').evaluate((panel) => {
    const list = panel.querySelector('[data-testid="problem-list"]');
    const items = [
      ...panel.querySelectorAll('[data-testid="problem-list"] > [data-testid="problem-item"]'),
    ];
    const rows = items.map((el) => ({
      key: el.getAttribute('data-problem-key') ?? '',
      headline: el.querySelector('[data-testid="problem-headline"]')?.textContent?.trim() ?? '',
      severity: el.getAttribute('data-severity') ?? '',
      fixIds: (el.getAttribute('data-suggestion-ids') ?? '').split(' ').filter(Boolean).map(Number),
      ackable: el.querySelector('[data-testid="problem-ack"]') !== null,
    }));
    const scroller = list?.parentElement ?? null;
    let rowsOnScreen = 0;
    let rowCapacity: number | null = null;
    if (scroller && items.length > 0) {
      const top = scroller.getBoundingClientRect().top - scroller.scrollTop;
      const visible = scroller.clientHeight;
      for (const el of items) {
        if (el.getBoundingClientRect().bottom - top <= visible + 0.5) rowsOnScreen++;
      }
      const first = items[0]!.getBoundingClientRect();
      const last = items.at(-1)!.getBoundingClientRect();
      const average = (last.bottom - first.top) / items.length;
      rowCapacity = average > 0 ? Math.floor((visible - (first.top - top)) / average) : null;
    }
    const minor = panel.querySelector('[data-testid="problem-show-info"]')?.parentElement;
    const hidden = /\((\d+)\)/.exec(minor?.textContent ?? '');
    return {
      rows,
      rowsOnScreen,
      rowCapacity,
      hiddenInfo: hidden ? Number(hidden[1]) : 0,
      otherSuggestions: panel.querySelectorAll(
        '[aria-label="Other suggestions"] [data-testid="suggestion-item"]',
      ).length,
    };
  });
}
