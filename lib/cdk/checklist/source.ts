/**
 * Where the checklist's configuration comes from when there is no `workmail` context in cdk.json (a
 * stack built in code): the flow-rule outputs of a synthesized cloud assembly (`cdk.out`) or of a
 * `cdk deploy --outputs-file` JSON. Each `<Function>FlowRule` output carries its function's deployment
 * settings. Imports nothing of aws-cdk-lib.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChecklistError } from './checklist';
import { parseConfig, type FunctionConfigInput, type WorkMailConfig } from '../config/config';

export interface ChecklistSource {
  config: WorkMailConfig;
  stackName: string;
  /** Literal outputs per stack (deploy outputs); undefined for a cloud assembly, where ARNs are not known yet. */
  outputs?: Record<string, Record<string, unknown>>;
}

interface Deployment extends FunctionConfigInput {
  region: string;
  organizations: string[];
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ChecklistError(`cannot read ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ChecklistError(`${what} ${file} is not valid JSON (${(e as Error).message})`);
  }
}

/** The configuration of the first stack whose outputs hold workmail-rules flow rules. */
export function configFromStackOutputs(stacks: Record<string, Record<string, unknown>>, origin: string): ChecklistSource {
  for (const [stackName, outputs] of Object.entries(stacks)) {
    const functions: Record<string, FunctionConfigInput> = {};
    let shared: Pick<Deployment, 'region' | 'organizations'> | undefined;
    for (const [key, value] of Object.entries(outputs ?? {})) {
      if (!key.endsWith('FlowRule') || typeof value !== 'string') continue;
      let rule: { function?: string; deployment?: Deployment };
      try {
        rule = JSON.parse(value) as typeof rule;
      } catch {
        continue;
      }
      if (!rule.function || !rule.deployment) continue;
      const { region, organizations, ...fn } = rule.deployment;
      shared ??= { region, organizations };
      functions[rule.function] = fn;
    }
    if (shared) {
      return { config: parseConfig({ ...shared, functions }, `${origin} (stack ${stackName})`), stackName };
    }
  }
  throw new ChecklistError(
    `${origin} holds no workmail-rules flow-rule outputs (<Function>FlowRule); synthesize or deploy a WorkMailRulesStack first`,
  );
}

/** From a synthesized cloud assembly: every stack template's Outputs. */
export function checklistSourceFromCloudAssembly(dir: string): ChecklistSource {
  const manifest = readJson(path.join(dir, 'manifest.json'), 'the cloud assembly manifest') as {
    artifacts?: Record<string, { type?: string; properties?: { templateFile?: string } }>;
  };
  const stacks: Record<string, Record<string, unknown>> = {};
  for (const [name, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const template = readJson(path.join(dir, artifact.properties.templateFile), 'the template') as {
      Outputs?: Record<string, { Value?: unknown }>;
    };
    stacks[name] = Object.fromEntries(Object.entries(template.Outputs ?? {}).map(([k, o]) => [k, o.Value]));
  }
  return configFromStackOutputs(stacks, dir);
}

/** From `cdk deploy --outputs-file` JSON: the configuration and the deployed ARNs. */
export function checklistSourceFromOutputs(file: string, parsed?: unknown): ChecklistSource {
  const outputs = parsed ?? readJson(file, 'the outputs file');
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
    throw new ChecklistError(`the outputs file ${file} is not a JSON object; pass the file written by cdk deploy --outputs-file`);
  }
  const stacks = outputs as Record<string, Record<string, unknown>>;
  return { ...configFromStackOutputs(stacks, file), outputs: stacks };
}
