// What reporters need to tell templates and plans from live data: which inputs are IaC files, how
// to name their kind, and how to label a fix for a resource already deployed.
import { SYNTHESIZED_ACCOUNT_ID } from "../engine/iac-fix.js";
import { IAC_SOURCES, type AccountSummary, type Report, type ReportInput } from "../engine/report.js";

const KIND_LABEL: Record<"cloudformation" | "terraform", string> = {
  cloudformation: "CloudFormation template",
  terraform: "Terraform plan",
};

/** What an IaC input is: a template, a plan (a .json file) or a configuration (a directory of .tf files). */
export function kindLabel(input: ReportInput & { source: "cloudformation" | "terraform" }): string {
  return input.source === "terraform" && !/\.json$/i.test(input.file) ? "Terraform configuration" : KIND_LABEL[input.source];
}

/** The line before the CLI commands of a finding that also has the change to the file. */
export const DEPLOYED_LABEL = "For a resource already deployed:";

export function isIacInput(input: ReportInput): input is ReportInput & { source: "cloudformation" | "terraform" } {
  return IAC_SOURCES.has(input.source);
}

/** True when every input is a template or plan (the `iac` command): files, not accounts, are the units. */
export function allIac(report: Pick<Report, "inputs">): boolean {
  return report.inputs.length > 0 && report.inputs.every(isIacInput);
}

/** Kind of a scorecard's file ("CloudFormation template"), when it is one. */
export function fileKind(report: Pick<Report, "inputs">, summary: Pick<AccountSummary, "input">): string | undefined {
  if (summary.input === undefined) return undefined;
  const input = report.inputs.find((i) => i.file === summary.input);
  return input && isIacInput(input) ? kindLabel(input) : undefined;
}

/** A file's account is worth naming only when it is a real one (given, or read from the plan). */
export function realAccount(accountId: string): boolean {
  return accountId !== SYNTHESIZED_ACCOUNT_ID;
}

/** Where a suppression is written, after the word "suppressed": " in LogBucket's Metadata" for a template's own, "" for the config file's. */
export function suppressedWhere(suppressed: { inSource?: { file?: string; resource: string; line: number } }): string {
  const where = suppressed.inSource;
  if (!where) return "";
  // A Terraform configuration's suppression is a comment above the resource block.
  if (where.file !== undefined && /\.tf(\.json)?$/i.test(where.file)) return ` in a comment on ${where.resource} (${where.file} line ${where.line})`;
  return ` in ${where.resource}'s Metadata (line ${where.line})`;
}
