/** CloudFormation output names per function; the checklist reads them back from `--outputs-file`. */
import { pascalName } from './config/config';

export function outputNames(functionName: string): { arn: string; flowRule: string } {
  const id = pascalName(functionName);
  return { arn: `${id}FunctionArn`, flowRule: `${id}FlowRule` };
}
