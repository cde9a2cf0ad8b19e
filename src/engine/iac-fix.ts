// Fixes in the file's own medium. A check's remediation may carry, beside the live text and AWS CLI
// commands, the change to make in a CloudFormation template (properties to set on the judged
// resource, resources to add: data, rendered as YAML or JSON like the template) or in a Terraform
// configuration (HCL lines). For a finding on a template or plan the engine renders that change
// first; the CLI commands stay, for a resource already deployed.
//
// Placeholders: `{{name}}` from the result's data, plus two the engine adds for IaC inputs:
// `{{resourceId}}` (CloudFormation logical id; Terraform address without its module path, as a
// reference inside the module reads it: aws_s3_bucket.logs) and `{{resourceName}}` (the logical id;
// the Terraform name label, logs). A CloudFormation string that is one placeholder and nothing else
// takes the data value's type (`Days: "{{days}}"` renders as the number 365).
//
// The synthesized account id of an IaC input (no real account: 000000000000) is never printed as if
// it were one: in the rendered fix (text, snippet and commands) it reads `<account-id>`.
import { stringify } from "yaml";
import type { DataValue } from "./check.js";
import { REGION_PLACEHOLDER } from "../model/coverage.js";

export const IAC_MEDIA = ["cloudformation", "terraform"] as const;
export type IacMedium = (typeof IAC_MEDIA)[number];

/** How a snippet is written: CloudFormation in the template's syntax, Terraform in HCL. */
export type IacSyntax = "yaml" | "json" | "hcl";

/** The account id IaC sources give a file that names none (src/sources/iac.ts IAC_DEFAULT_ACCOUNT_ID). */
export const SYNTHESIZED_ACCOUNT_ID = "000000000000";
export const ACCOUNT_PLACEHOLDER = "<account-id>";

export interface CloudFormationFix {
  /** What to change in the template, in a sentence or two. */
  text: string;
  /**
   * Properties to set on the judged resource ({{resourceId}}), as the template holds them;
   * intrinsic functions in their long form ({ "Fn::GetAtt": [...] }) so that YAML and JSON agree.
   */
  properties?: Record<string, unknown>;
  /** Resources to add to the template, by logical id ({ Type, Properties }). */
  resources?: Record<string, unknown>;
}

export interface TerraformFix {
  /** What to change in the configuration, in a sentence or two. */
  text: string;
  /** HCL lines: the arguments to set in the judged resource's block, or whole blocks to add. */
  snippet: string[];
}

/** A finding's fix in the file's medium, as reporters see it. */
export interface IacRemediation {
  medium: IacMedium;
  syntax: IacSyntax;
  /** The change, ready to paste (lines joined with "\n"). */
  snippet: string;
}

/** What the engine knows about an IaC input beyond its snapshot (the CLI fills it from the source). */
export interface IacContext {
  /** A CloudFormation template's syntax; YAML when not given. */
  syntax?: "yaml" | "json";
  /** The resource of the file whose mapped object holds this snapshot pointer. */
  resourceAt?: (pointer: string) => { id: string; type: string } | undefined;
}

type Render = (template: string, data: Record<string, DataValue>) => string;

/** The engine's placeholders for the judged resource; stand-ins a reader fills when it is unknown. */
export function resourceNames(medium: IacMedium, resource: { id: string; type: string } | undefined): Record<string, string> {
  if (medium === "cloudformation") {
    const id = resource?.id ?? "<LogicalId>";
    return { resourceId: id, resourceName: id };
  }
  if (resource === undefined) return { resourceId: "<type>.<name>", resourceName: "<name>" };
  // module.logs.aws_s3_bucket.this[0] -> aws_s3_bucket.this[0] (how the module's own code refers to it)
  const parts = resource.id.split(".");
  const start = Math.max(0, parts.lastIndexOf(resource.type));
  const local = parts.slice(start).join(".");
  const name = (parts[start + 1] ?? "<name>").replace(/\[.*$/, "");
  return { resourceId: local, resourceName: name };
}

/** Data with the synthesized account id spelled as a placeholder. */
export function withoutSynthesizedAccount(data: Record<string, DataValue>): Record<string, DataValue> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, typeof v === "string" ? v.split(SYNTHESIZED_ACCOUNT_ID).join(ACCOUNT_PLACEHOLDER) : v]),
  );
}

/**
 * Data with the stand-in region of a trail whose home region the file does not fix (the check shows
 * it as `homeRegion` `<region>`, model/coverage.ts shownHomeRegion) spelled `<region>` in the ARNs too.
 */
export function withoutStandInRegion(data: Record<string, DataValue>): Record<string, DataValue> {
  if (data.homeRegion !== REGION_PLACEHOLDER || typeof data.trailArn !== "string") return data;
  const region = data.trailArn.split(":")[3];
  if (!region) return data;
  const standIn = `:${region}:`;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, typeof v === "string" ? v.split(standIn).join(`:${REGION_PLACEHOLDER}:`) : v]),
  );
}

const WHOLE = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/;

function fill(value: unknown, data: Record<string, DataValue>, render: Render): unknown {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole && data[whole[1]!] !== undefined && typeof data[whole[1]!] !== "string") return data[whole[1]!];
    return render(value, data);
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, data, render));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [render(k, data), fill(v, data, render)]));
  }
  return value;
}

/** The template change as a fragment of the template: Resources → <id> → Properties, plus new resources. */
export function renderCloudFormation(fix: CloudFormationFix, data: Record<string, DataValue>, syntax: "yaml" | "json", render: Render): string {
  const resources: Record<string, unknown> = {};
  if (fix.properties !== undefined) resources[String(data.resourceId)] = { Properties: fill(fix.properties, data, render) };
  if (fix.resources !== undefined) Object.assign(resources, fill(fix.resources, data, render));
  const fragment = { Resources: resources };
  if (syntax === "json") return JSON.stringify(fragment, null, 2);
  // YAML 1.1 rules for quoting: a value such as 2012-10-17 or "on" stays a string for parsers that read 1.1.
  return stringify(fragment, { lineWidth: 0, version: "1.1" }).trimEnd();
}

export function renderTerraform(fix: TerraformFix, data: Record<string, DataValue>, render: Render): string {
  return fix.snippet.map((line) => render(line, data)).join("\n");
}

/** Placeholder names a template (string, or the strings and keys of a structure) uses. */
export function placeholdersOf(value: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === "string") for (const m of v.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) names.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      for (const [k, inner] of Object.entries(v)) {
        walk(k);
        walk(inner);
      }
    }
  };
  walk(value);
  return names;
}

/** Placeholders the engine supplies to IaC fixes. */
export const ENGINE_PLACEHOLDERS: ReadonlySet<string> = new Set(["resourceId", "resourceName"]);
