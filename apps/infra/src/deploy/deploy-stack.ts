// `nx deploy infra`: deploys the synthesized stack (dist/apps/infra/cdk.out) with the CDK CLI.
// `--dry-run` works offline: it reads the cloud assembly and reports what would be deployed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import { parseDeployArgs } from './args';

export const ASSEMBLY_DIR = path.join(workspaceRoot(__dirname), 'dist', 'apps', 'infra', 'cdk.out');

type MetadataEntries = Record<string, { type: string; data: unknown }[]>;

interface Manifest {
  artifacts?: Record<
    string,
    {
      type: string;
      environment?: string;
      properties?: { templateFile?: string };
      metadata?: MetadataEntries;
      additionalMetadataFile?: string;
    }
  >;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

export interface StackPlan {
  stackName: string;
  /** `aws://<account>/<region>` (`unknown-account`/`unknown-region` when environment-agnostic). */
  environment: string;
  /** SHA-256 of the template file: any change to what would be deployed changes it. */
  templateSha256: string;
  resourceCounts: Record<string, number>;
  warnings: string[];
}

/** Reads the synthesized assembly: resources by type and the warnings synthesis recorded. */
export function planStack(assemblyDir: string, stackName: string): StackPlan {
  const manifestPath = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`No cloud assembly at ${assemblyDir}: run \`nx run infra:synth\` first`);
  const manifest = readJson<Manifest>(manifestPath);
  const artifact = manifest.artifacts?.[stackName];
  const templateFile = artifact?.properties?.templateFile;
  if (!artifact || !templateFile) throw new Error(`Stack ${stackName} is not in the cloud assembly`);
  const templateText = fs.readFileSync(path.join(assemblyDir, templateFile), 'utf8');
  const template = JSON.parse(templateText) as { Resources: Record<string, { Type: string }> };
  const resourceCounts: Record<string, number> = {};
  for (const { Type } of Object.values(template.Resources)) resourceCounts[Type] = (resourceCounts[Type] ?? 0) + 1;
  // Newer assemblies keep the metadata in a file of its own.
  const extra = artifact.additionalMetadataFile
    ? readJson<MetadataEntries>(path.join(assemblyDir, artifact.additionalMetadataFile))
    : {};
  const warnings = [...Object.values(artifact.metadata ?? {}), ...Object.values(extra)]
    .flat()
    .filter((m) => m.type === 'aws:cdk:warning')
    .map((m) => String(m.data));
  const templateSha256 = createHash('sha256').update(templateText).digest('hex');
  return { stackName, environment: artifact.environment ?? 'aws://unknown-account/unknown-region', templateSha256, resourceCounts, warnings };
}

function describe(plan: StackPlan): string {
  const resources = Object.entries(plan.resourceCounts).sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `  ${n} × ${t}`);
  const warnings = plan.warnings.map((w) => `  warning: ${w}`);
  const total = Object.values(plan.resourceCounts).reduce((a, b) => a + b, 0);
  const heading = `${plan.stackName}: ${total} resources to ${plan.environment}, template sha256 ${plan.templateSha256}`;
  return [heading, ...resources, ...warnings].join('\n');
}

export async function runDeployStack(argv: readonly string[], assemblyDir = ASSEMBLY_DIR): Promise<string> {
  const args = parseDeployArgs(argv);
  const plan = planStack(assemblyDir, args.stackName);
  if (args.dryRun) return `[dry run] would deploy ${describe(plan)}`;
  if (plan.warnings.length && !args.force) throw new Error(`Refusing to deploy with warnings (use --force):\n${describe(plan)}`);
  const cdk = spawnSync('npx', ['cdk', 'deploy', args.stackName, '--app', assemblyDir, '--require-approval', 'never', '--no-notices'], { stdio: 'inherit' });
  if (cdk.status !== 0) throw new Error(`cdk deploy exited with ${cdk.status ?? cdk.signal}`);
  return `Deployed ${args.stackName}`;
}
