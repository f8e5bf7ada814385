/** Finding ids as cdk-nag 3 prints them, so acknowledgments name the exact finding. */
import type { Stack } from 'aws-cdk-lib';

/**
 * How cdk-nag prints a resource in a finding id (its flattenCfnReference): tokens resolved, then
 * `Ref` shown as `<LogicalId>` (or `<AWS::AccountId>`) and `Fn::GetAtt` as `<LogicalId.Attr>`.
 */
export function nagResource(stack: Stack, resource: string): string {
  return renderNag(stack.resolve(resource));
}

function renderNag(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (v['Fn::Join']) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(renderNag).join(sep);
    }
    if (v['Fn::Sub']) return renderNag(v['Fn::Sub']);
    if (v['Fn::GetAtt']) {
      const [res, att] = v['Fn::GetAtt'] as [unknown, unknown];
      return `<${renderNag(res)}.${renderNag(att)}>`;
    }
    if (v['Ref']) return `<${renderNag(v['Ref'])}>`;
  }
  return JSON.stringify(value);
}
