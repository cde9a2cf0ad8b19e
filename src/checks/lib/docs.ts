// Where each check's documentation page lives: docs/checks/<id>.md in the repository, linked from SARIF as helpUri.
export const DOCS_BASE = "https://github.com/cloudtrail-lint/cloudtrail-lint/blob/main/docs/checks/";

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
