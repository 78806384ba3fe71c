// The shape of a diagnostic (asyncts's and TypeScript's alike), apart from the catalogue
// (diagnostics.ts) and the printer (format.ts), which both use it.
export type Severity = "error" | "warning";

export interface Diagnostic {
  code: string; // an asyncts code from the catalogue, or TypeScript's ("TS1005")
  severity: Severity;
  message: string;
  file?: string;
  start?: number;
  length?: number;
  /** the file's text, for the code frame */
  source?: string;
  /** other places the message refers to (tsc's relatedInformation) */
  related?: { file?: string; start?: number; length?: number; source?: string; message: string }[];
}
