/** The generated files of a new project: package.json, cdk.json, tsconfig, jest config, README. */
import { ownPackage } from '../own-package';

export interface InitChoices {
  name: string;
  inbound: boolean;
  outbound: boolean;
  rewrite: boolean;
}

/** The tools a project needs to test and deploy, at the versions this package is tested with. */
const DEV_TOOLS = [
  '@swc/core',
  '@swc/jest',
  '@types/jest',
  '@types/node',
  'jest',
  'typescript',
  'aws-cdk',
  'aws-cdk-lib',
  'constructs',
  'cdk-nag',
  'esbuild',
  'tsx',
];

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function packageJson(c: InitChoices, workmailRules: string): string {
  const own = ownPackage();
  const versions = { ...own.dependencies, ...own.devDependencies };
  return json({
    name: c.name,
    version: '0.1.0',
    private: true,
    description: 'Amazon WorkMail email-flow rules (workmail-rules)',
    scripts: {
      replay: 'workmail-rules replay events/',
      check: 'workmail-rules replay --check events/',
      test: 'jest',
      typecheck: 'tsc --noEmit',
      synth: 'cdk synth --no-notices --lookups=false -q',
      checklist: 'workmail-rules checklist',
    },
    dependencies: { 'workmail-rules': workmailRules },
    devDependencies: Object.fromEntries(DEV_TOOLS.map((n) => [n, versions[n]]).sort()),
  });
}

/** This repository's cdk.json, with the functions of the chosen directions. */
export function cdkJson(source: string, c: InitChoices): string {
  const cdk = JSON.parse(source) as { context: { workmail: { functions: Record<string, Record<string, unknown>> } } };
  const functions = cdk.context.workmail.functions;
  for (const [name, fn] of Object.entries(functions)) {
    const wanted = fn.direction === 'INBOUND' ? c.inbound : c.outbound;
    if (!wanted) delete functions[name];
    else if (fn.rewrite === true && !c.rewrite) delete fn.rewrite;
  }
  return json(cdk);
}

/** The inbound handler of a project made with --no-rewrite. */
export const INBOUND_WITHOUT_REWRITE = `/** Inbound synchronous Run-Lambda rule: decides per recipient with rules/inbound.ts. */
import { syncHandler } from 'workmail-rules';
import rules from '../rules/inbound';

export const handler = syncHandler({ rules, fallback: { type: 'DEFAULT' } });
`;

export const TSCONFIG = json({
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: ['node', 'jest'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    isolatedModules: true,
    noEmit: true,
  },
  include: ['handlers', 'rules', 'test', 'bin'],
  exclude: ['node_modules', 'cdk.out'],
});

export const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['workmail-rules/jest'],
  testTimeout: 30000,
};
`;

/** What the tools write into the project: installs, synth output, coverage, logs, the sandbox's mail, deploy outputs. */
export const GITIGNORE = ['node_modules/', 'cdk.out/', 'coverage/', '*.log', '.sandbox-mail/', 'cdk-outputs.json', ''].join('\n');

export function readme(c: InitChoices, workmailRules: string): string {
  const directions = [c.inbound && 'inbound', c.outbound && 'outbound'].filter(Boolean).join(' and ');
  const vendored = workmailRules.startsWith('file:vendor/');
  return `# ${c.name}

Amazon WorkMail ${directions} email-flow rules as code, built on workmail-rules
(\`${workmailRules}\` in package.json${vendored ? ': the package tarball, committed with the project so that every clone installs the same package' : ''}).
After \`npm install\`, its documentation is in \`node_modules/workmail-rules/README.md\`.

| path | holds |
|---|---|
| \`rules/\` | the rule sets: who gets which action, and why |
| \`handlers/\` | the Lambda entry points that WorkMail's "Run Lambda" flow rules call |
| \`events/\` | sample events, raw messages (\`.eml\`) and expected outcomes (\`.expect.json\`) |
| \`test/\` | jest tests replaying the events against a local WorkMail |
| \`handlers/availability.ts\`, \`events/availability/\` | a Custom Availability Provider (free/busy for external.example.com from a JSON calendar) and sample requests |
| \`cdk.json\`, \`bin/app.ts\` | the AWS CDK app: functions, invoke permissions, IAM, the rewrite bucket |

\`\`\`sh
npm install
npm run replay     # replay every sample event through its handler
npm run check      # the same, compared with each event's .expect.json
npm test           # the jest tests
npx cdk synth      # the CloudFormation template (offline: --no-notices --lookups=false)
\`\`\`

Before deploying, put your WorkMail organization id (\`m-...\`) and its Region in \`cdk.json\`, then
\`npx cdk deploy --outputs-file cdk-outputs.json\` and \`npx workmail-rules checklist --outputs
cdk-outputs.json\` for the console steps of each flow rule.
`;
}
