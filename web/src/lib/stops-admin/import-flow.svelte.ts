import type { ImportProblem, StopImportPreview, StopImportResult } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import { failureWording, type Wording } from './wording';

/** What the import screen calls on the server. */
export interface ImportCalls {
  preview(csv: string, hubId: number | null): Promise<StopImportPreview>;
  importCsv(csv: string, hubId: number | null): Promise<StopImportResult>;
}

export type ImportStatus = 'editing' | 'checking' | 'checked' | 'importing' | 'imported';

/** What an import created, and where it waits. */
export function importedText(count: number, hubName: string | null, t: Translate): string {
  return hubName
    ? t('office.import.importedAtHub', { count, hub: hubName })
    : t('office.import.imported', { count });
}

/**
 * The import screen's state: the CSV and the hub, the server's dry run of exactly that text and
 * hub, then the import (only when the dry run found nothing wrong).
 */
export class ImportFlow {
  csv = $state('');
  hubId = $state<number | null>(null);
  status = $state<ImportStatus>('editing');
  preview = $state.raw<StopImportPreview | null>(null);
  /** A refusal of the whole file (a bad header, the server unreachable), or no file yet. */
  failure = $state.raw<Wording | null>(null);
  result = $state.raw<Wording | null>(null);
  private checkedKey = $state<string | null>(null);

  constructor(private readonly calls: ImportCalls) {}

  private get key() {
    return `${this.hubId ?? ''}\n${this.csv}`;
  }

  /** The dry run shown is of the text and hub now chosen. */
  readonly current = $derived(this.checkedKey !== null && this.checkedKey === this.key);
  readonly problems = $derived<readonly ImportProblem[]>(
    this.current ? (this.preview?.problems ?? []) : [],
  );
  readonly rowCount = $derived(this.current ? (this.preview?.stops.length ?? 0) : 0);
  /** "Import N stops" is offered only for a current dry run without problems. */
  readonly canImport = $derived(
    this.current && this.status === 'checked' && this.rowCount > 0 && this.problems.length === 0,
  );

  /** Problems of one CSV line. */
  problemsAt(line: number | null): ImportProblem[] {
    return this.problems.filter((p) => p.line === line);
  }

  /** True when a cell (line, column) has a problem. */
  hasProblem(line: number | null, column: string): boolean {
    return this.problems.some((p) => p.line === line && p.column === column);
  }

  setText(csv: string): void {
    this.csv = csv;
    this.result = null;
    if (this.status !== 'checking' && this.status !== 'importing') this.status = 'editing';
  }

  /** Asks the server for a dry run of the current text and hub. */
  async check(): Promise<void> {
    if (!this.csv.trim()) {
      this.failure = (t) => t('office.import.pasteFirst');
      return;
    }
    const key = this.key;
    this.status = 'checking';
    this.failure = null;
    this.result = null;
    try {
      this.preview = await this.calls.preview(this.csv, this.hubId);
      this.checkedKey = key;
      this.status = 'checked';
    } catch (err) {
      this.preview = null;
      this.checkedKey = null;
      this.failure = failureWording(err);
      this.status = 'editing';
    }
  }

  /** Imports what the dry run showed; says what was created. */
  async importAll(hubName: string | null): Promise<void> {
    if (!this.canImport) return;
    this.status = 'importing';
    this.failure = null;
    try {
      const res = await this.calls.importCsv(this.csv, this.hubId);
      this.result = (t) => importedText(res.imported, hubName, t);
      this.status = 'imported';
      this.csv = '';
      this.preview = null;
      this.checkedKey = null;
    } catch (err) {
      this.failure = failureWording(err);
      this.status = 'checked';
    }
  }
}
