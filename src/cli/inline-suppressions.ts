// Inline suppressions of a CloudFormation template (read by src/sources/cloudformation/suppressions.ts)
// applied to the template's findings. An ignore entry of resource R for check C accepts C's FAIL
// results on the snapshot object R makes up or contributes to: the object is the one the finding's
// pointer lies in (the outermost resource object holding it), and every resource mapped into that
// object covers it, so an ignore on an AWS::S3::BucketPolicy covers its bucket's findings, one on
// the bucket covers a finding on the policy. A finding on the account as a whole (no trail at all)
// lies in no resource: only the config file's suppressions reach it.
// The suppressed FAIL stays FAIL and carries `suppressed: { reason, inSource: { file, resource, line } }`;
// an id that names no check of the run is bad input, like an unknown id in the config file.
import type { AnyCheck } from "../engine/check.js";
import type { Finding } from "../engine/run.js";
import { unknownIdHint } from "../config/load.js";
import type { IacSource, InlineIgnore } from "../sources/iac.js";
import { TERRAFORM_FILE } from "../sources/iac-inputs.js";
import { InputError } from "../util/errors.js";

/** Returns the finding, suppressed when an ignore of the template covers it (the input is not changed). */
export type InlineSuppressor = (finding: Finding) => Finding;

/** The suppressor of one template; undefined when it has no ignores. Throws InputError for an unknown check id. */
export function inlineSuppressor(source: Pick<IacSource, "file" | "resources" | "ignores">, checks: readonly AnyCheck[]): InlineSuppressor | undefined {
  const ignores = source.ignores ?? [];
  if (ignores.length === 0) return undefined;
  const known = checks.map((c) => c.meta.id);
  for (const ignore of ignores) {
    if (!known.includes(ignore.check)) {
      const at = ignore.location;
      throw new InputError(
        `${at.file}:${at.startLine}:${at.startColumn}: resource ${ignore.resource}: ${TERRAFORM_FILE.test(at.file) ? "cloudtrail-lint:ignore" : "Metadata.cloudtrail-lint.ignore"}: unknown check id "${ignore.check}"${unknownIdHint(ignore.check, known)}`,
        at.file,
      );
    }
  }
  const mapped = source.resources.filter((r) => r.pointer !== undefined).map((r) => ({ id: r.id, pointer: r.pointer! }));
  const within = (pointer: string, outer: string) => pointer === outer || pointer.startsWith(`${outer}/`);
  return (finding) => {
    const pointer = finding.pointer ?? finding.property;
    if (finding.status !== "FAIL" || finding.suppressed || pointer === undefined) return finding;
    // The object judged: the outermost resource object the pointer lies in.
    let object: string | undefined;
    for (const r of mapped) if (within(pointer, r.pointer) && (object === undefined || r.pointer.length < object.length)) object = r.pointer;
    if (object === undefined) return finding;
    const covering = new Set(mapped.filter((r) => within(r.pointer, object)).map((r) => r.id));
    const ignore: InlineIgnore | undefined = ignores.find((i) => i.check === finding.checkId && covering.has(i.resource));
    if (!ignore) return finding;
    return {
      ...finding,
      suppressed: { reason: ignore.reason, inSource: { file: ignore.location.file, resource: ignore.resource, line: ignore.location.startLine } },
    };
  };
}
