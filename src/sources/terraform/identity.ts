// Terraform plan mapping: the synthesized identity. The account (options, else the
// data.aws_caller_identity of the plan's prior state, else the default), the region of each
// provider configuration (a constant, or a variable's value) and the default region (options, else
// the default provider's, else data.aws_region, else the default), and collectedAt (options, else
// the plan's timestamp, else the default).
import type { Partition } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { IacContext } from "../iac-types.js";
import { collectModuleResources } from "./resources.js";

export interface PlanIdentity {
  accountId: string;
  /** The region of resources whose provider sets none. */
  defaultRegion: string;
  /** The region the plan itself records (provider configuration, data.aws_region), when it does. */
  fileRegion: string | undefined;
  partition: Partition;
  collectedAt: string;
  /** The region a provider configuration (provider_config key) sets, if it is known. */
  providerRegion(key: string | undefined): string | undefined;
}

export function planIdentity(plan: Dict, context: IacContext): PlanIdentity {
  const configuration = isRecord(plan.configuration) ? plan.configuration : {};
  const providerConfig = isRecord(configuration.provider_config) ? configuration.provider_config : {};
  const variables = isRecord(plan.variables) ? plan.variables : {};

  const priorResources = collectModuleResources(isRecord(plan.prior_state) && isRecord(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined, true);
  const callerAccount = priorResources
    .map(({ entry }) => entry)
    .find((e) => e.mode === "data" && e.type === "aws_caller_identity" && isRecord(e.values) && typeof e.values.account_id === "string");
  const dataRegion = priorResources
    .map(({ entry }) => entry)
    .find((e) => e.mode === "data" && e.type === "aws_region" && isRecord(e.values) && (typeof e.values.name === "string" || typeof e.values.region === "string"));
  const accountId =
    context.accountId ??
    (callerAccount && isRecord(callerAccount.values) && /^\d{12}$/.test(String(callerAccount.values.account_id)) ? String(callerAccount.values.account_id) : undefined) ??
    context.defaults.accountId;
  const providerRegion = (key: string | undefined): string | undefined => {
    const config = key !== undefined ? providerConfig[key] : undefined;
    const expressions = isRecord(config) && isRecord(config.expressions) ? config.expressions : undefined;
    const region = expressions && isRecord(expressions.region) ? expressions.region : undefined;
    if (!region) return undefined;
    if (typeof region.constant_value === "string") return region.constant_value;
    const refs = Array.isArray(region.references) ? region.references : [];
    for (const ref of refs) {
      const m = typeof ref === "string" ? /^var\.([A-Za-z0-9_-]+)$/.exec(ref) : null;
      const variable = m ? variables[m[1]!] : undefined;
      if (isRecord(variable) && typeof variable.value === "string") return variable.value;
    }
    return undefined;
  };
  const dataRegionName =
    dataRegion && isRecord(dataRegion.values) ? String(dataRegion.values.region ?? dataRegion.values.name) : undefined;
  const fileRegion = providerRegion("aws") ?? dataRegionName;
  const defaultRegion = context.region ?? fileRegion ?? context.defaults.region;
  const partition = context.partition;
  const collectedAt =
    context.collectedAt ?? (typeof plan.timestamp === "string" && !Number.isNaN(Date.parse(plan.timestamp)) ? new Date(plan.timestamp).toISOString().replace(".000Z", "Z") : context.defaults.collectedAt);
  return { accountId, defaultRegion, fileRegion, partition, collectedAt, providerRegion };
}
