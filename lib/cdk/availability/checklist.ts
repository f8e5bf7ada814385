/**
 * The checklist lines for the Custom Availability Provider. Unlike flow rules, its availability
 * configuration is created by the deployment itself (WorkMail's API), so these are checks, not steps.
 * Imports nothing of aws-cdk-lib.
 */
import type { WorkMailConfig } from '../config/config';
import { SAMPLE_ORGANIZATION_ID, deployedFunctionName } from '../config/config';

export interface AvailabilityChecklist {
  domain: string;
  functionName: string;
  organizations: string[];
  steps: string[];
}

export function availabilityChecklist(config: WorkMailConfig, stackName: string): AvailabilityChecklist | undefined {
  const cap = config.availability;
  if (!cap) return undefined;
  const functionName = deployedFunctionName(stackName, 'availability');
  const sample = config.organizations.includes(SAMPLE_ORGANIZATION_ID);
  return {
    domain: cap.domain,
    functionName,
    organizations: [...config.organizations],
    steps: [
      `Nothing to create by hand: cdk deploy creates the availability configuration for ${cap.domain} (type CAP Lambda, function ${functionName}) in each organization (${config.organizations.join(', ')})${sample ? ' (the SAMPLE organization id must be replaced first)' : ''}.`,
      cap.test
        ? "The deployment runs TestAvailabilityConfiguration and fails with WorkMail's FailureReason if WorkMail cannot invoke the function."
        : 'TestAvailabilityConfiguration is turned off (availability.test: false): test it in the console, Organization settings, Interoperability, or with aws workmail test-availability-configuration.',
      `Check it in the WorkMail console (Region ${config.region}): Organization settings, then Interoperability: the domain ${cap.domain} is listed with type CAP Lambda.`,
      'Free/busy lookups of that domain now reach the function; its log group has one AVAILABILITY_RESPONSE line per request.',
    ],
  };
}

export function formatAvailabilityChecklist(c: AvailabilityChecklist): string[] {
  return ['', `[availability] ${c.domain}: Custom Availability Provider ${c.functionName}`, ...c.steps.map((s, i) => `  ${i + 1}. ${s}`)];
}
