import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CLI } from '../helpers/broker.js';
import { EVERY_IPV4_INTERFACE } from '../helpers/hosts.js';

/**
 * deploy/kubernetes/ checked offline against the Kubernetes API schemas, twice over:
 * - the JSON schemas of the Kubernetes OpenAPI spec, compiled to validators by the
 *   `kubernetes-models` package (types, required fields, formats, enums);
 * - the TypeScript interfaces the same package generates from that spec, with TypeScript's
 *   excess-property check: the schemas allow unknown fields, so `readOnlyRootFileSystem: true`
 *   (a typo the API server drops, leaving the root file system writable) passes them, and only
 *   this catches it.
 * Then what the kit promises: probes, securityContext, keys from a read-only Secret, config from
 * a ConfigMap that `stint policy check` accepts, selectors that match.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'deploy/kubernetes');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const files = readdirSync(DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const manifests: Array<{ file: string; doc: Manifest }> = files
  .filter((file) => file !== 'kustomization.yaml')
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => ({ file, doc: doc.toJS() as Manifest })),
  );
const find = <T>(kind: string): T => manifests.find(({ doc }) => doc.kind === kind)!.doc as unknown as T;
/** The broker's container in a copy of the Deployment, for tests that break it. */
const brokerOf = (deployment: IDeployment) => deployment.spec!.template.spec!.containers[0]!;

/** kubernetes-models validates with the schema of `apiVersion`/`kind`; it throws on the first bad document. */
async function schemaErrors(doc: Manifest): Promise<string | undefined> {
  const module = (await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`)) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >;
  try {
    new module[doc.kind]!(doc).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Type-checks each document as an object literal of its kubernetes-models interface, in memory
 * (no file is written): returns TypeScript's messages, empty when every field is known and typed.
 */
function typeErrors(docs: Manifest[]): string[] {
  const sources = new Map<string, string>();
  docs.forEach((doc, i) => {
    sources.set(
      join(ROOT, 'test/deploy', `manifest-${i}.ts`),
      `import type { I${doc.kind} } from 'kubernetes-models/${doc.apiVersion}/${doc.kind}';\n` +
        `export const manifest: I${doc.kind} = ${JSON.stringify(doc, null, 2)};\n`,
    );
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    sources.has(name)
      ? ts.createSourceFile(name, sources.get(name)!, language)
      : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => sources.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  const program = ts.createProgram([...sources.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const line = where && d.file ? d.file.text.split('\n')[where.line]!.trim() : '';
    return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')}${line ? ` (at ${line})` : ''}`;
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('deploy/kubernetes against the Kubernetes schemas', () => {
  it('holds the objects the kit promises', () => {
    expect(manifests.map(({ doc }) => `${doc.apiVersion} ${doc.kind}`).sort()).toEqual([
      'apps/v1 Deployment',
      'policy/v1 PodDisruptionBudget',
      'v1 ConfigMap',
      'v1 Namespace',
      'v1 Service',
      'v1 ServiceAccount',
    ]);
  });

  it.each(manifests.map(({ file, doc }) => [`${file} ${doc.kind}`, doc]))(
    '%s is valid against its OpenAPI schema',
    async (_name, doc) => {
      expect(await schemaErrors(doc)).toBeUndefined();
    },
  );

  it('every field of every manifest is one the API knows, with the right type', () => {
    expect(typeErrors(manifests.map(({ doc }) => doc))).toEqual([]);
  }, 60_000);

  it('would refuse a wrong type (schema) and a misspelt field (type check)', async () => {
    const deployment = structuredClone(find<IDeployment>('Deployment'));
    (brokerOf(deployment).ports![0] as { containerPort: unknown }).containerPort = 'eighty';
    expect(await schemaErrors(deployment as unknown as Manifest)).toMatch(/containerPort must be integer/);

    const typo = structuredClone(find<IDeployment>('Deployment'));
    const securityContext = brokerOf(typo).securityContext as Record<string, unknown>;
    delete securityContext.readOnlyRootFilesystem;
    securityContext.readOnlyRootFileSystem = true;
    expect(await schemaErrors(typo as unknown as Manifest)).toBeUndefined();
    expect(typeErrors([typo as unknown as Manifest]).join('\n')).toMatch(
      /'"readOnlyRootFileSystem"' does not exist in type 'ISecurityContext'/,
    );
  }, 60_000);

  it('kustomization.yaml lists every manifest, and only those', () => {
    const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
      namespace: string;
    };
    expect([...kustomization.resources].sort()).toEqual(files.filter((file) => file !== 'kustomization.yaml'));
    for (const { doc } of manifests)
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace).toBe(kustomization.namespace);
  });
});

describe('deploy/kubernetes: what the Deployment promises', () => {
  const deployment = find<IDeployment>('Deployment');
  const pod = deployment.spec!.template.spec!;
  const container = brokerOf(deployment);
  const configMap = find<IConfigMap>('ConfigMap');
  const config = parse(configMap.data!['stint.yml']!) as {
    keys: { dir: string };
    audit: { file: string };
    store: unknown;
  };
  const mountOf = (volume: string) => container.volumeMounts!.find((m) => m.name === volume)!;
  const volume = (name: string) => pod.volumes!.find((v) => v.name === name)!;

  it('probes liveness on /livez and readiness on /readyz, on the port the container serves', () => {
    expect(container.livenessProbe!.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.readinessProbe!.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe!.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.ports).toContainEqual({ name: 'http', containerPort: 8080, protocol: 'TCP' });
    expect(container.args).toEqual([
      'serve',
      '--config',
      '/etc/stint/stint.yml',
      '--host',
      EVERY_IPV4_INTERFACE,
      '--port',
      '8080',
    ]);
  });

  it('holds SIGTERM back until the endpoints drop the pod, and its grace period covers that and the drain', () => {
    expect(container.lifecycle?.preStop).toEqual({ sleep: { seconds: 5 } });
    const config = parse(configMap.data!['stint.yml']!) as { shutdown_grace?: string };
    // The broker's default, or the ConfigMap's own in seconds or minutes.
    const grace = /^(\d+)(s|m)$/.exec(config.shutdown_grace ?? '10s')!;
    const drainSeconds = Number(grace[1]) * (grace[2] === 'm' ? 60 : 1);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5 + drainSeconds);
  });

  it('runs non-root, read-only, with no capabilities and the runtime seccomp profile (Pod Security "restricted")', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext!.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find<IServiceAccount>('ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.volumes!.filter((v) => 'hostPath' in v)).toEqual([]);
    expect(find<INamespace>('Namespace').metadata!.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('reads its config from the ConfigMap and its keys from a Secret, both read-only, where the config says', () => {
    expect(mountOf('config')).toEqual({ name: 'config', mountPath: '/etc/stint', readOnly: true });
    expect(volume('config').configMap!.name).toBe(configMap.metadata!.name);
    expect(mountOf('keys')).toEqual({ name: 'keys', mountPath: config.keys.dir, readOnly: true });
    expect(volume('keys').secret).toEqual({ secretName: 'stint-keys', defaultMode: 0o400 });
  });

  it('writes its audit log to a writable volume, and shares its store between replicas', () => {
    const state = mountOf('state');
    expect(state.readOnly ?? false).toBe(false);
    expect(config.audit.file.startsWith(`${state.mountPath}/`)).toBe(true);
    // In a directory the broker makes, not at the emptyDir's root: the kubelet makes that root's
    // and 2777, where the broker refuses to write (test/deploy/volumes.test.ts runs it).
    expect(config.audit.file.slice(0, config.audit.file.lastIndexOf('/'))).not.toBe(state.mountPath);
    expect(volume('state').emptyDir).toBeDefined();
    // More than one replica on the embedded store would split the replay cache between them.
    expect(deployment.spec!.replicas).toBeGreaterThan(1);
    expect(config.store).toMatchObject({ url: expect.stringMatching(/^rediss?:\/\//) });
    const passwordEnv = (config.store as { password_env: string }).password_env;
    expect(container.env).toContainEqual({
      name: passwordEnv,
      valueFrom: { secretKeyRef: { name: 'stint-redis', key: 'password' } },
    });
  });

  it('the Service and the PodDisruptionBudget select exactly the broker pods', () => {
    const labels = deployment.spec!.template.metadata!.labels;
    expect(deployment.spec!.selector.matchLabels).toEqual(labels);
    const service = find<IService>('Service');
    expect(service.spec!.selector).toEqual(labels);
    expect(service.spec!.ports![0]!.targetPort).toBe('http');
    const pdb = find<IPodDisruptionBudget>('PodDisruptionBudget');
    expect(pdb.spec!.selector!.matchLabels).toEqual(labels);
    expect(pdb.spec!.minAvailable).toBeLessThan(deployment.spec!.replicas!);
  });

  it("the ConfigMap's stint.yml passes the built `stint policy check`", () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-k8s-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'stint.yml'), configMap.data!['stint.yml']!);
    const out = execFileSync(process.execPath, [CLI, 'policy', 'check', join(dir, 'stint.yml')], { encoding: 'utf8' });
    expect(out).toMatch(/: OK \(1 provider, 1 project, 2 rules, 0 warnings\)/);
  });
});
