import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { repoRoot, requireBinary } from '../../test-utils/src/index.js';

const run = promisify(execFile);

export const k8sDir = join(repoRoot, 'infrastructure/kubernetes');

/** Every kustomization in infrastructure/kubernetes, relative to it. */
export const kustomizations = ['base', 'stable', 'overlays/blue', 'overlays/green', 'overlays/canary', 'live'] as const;
export type Kustomization = (typeof kustomizations)[number];

// yaml is a dependency of @payready/shared, not of the tests: resolve it from there (as scripts/build.mjs
// resolves its jaeger files), typed by hand.
const { parseAllDocuments } = createRequire(join(repoRoot, 'shared/package.json'))('yaml') as {
  parseAllDocuments(text: string): { errors: unknown[]; toJSON(): unknown }[];
};

export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`YAML errors: ${JSON.stringify(document.errors)}`);
    return document.toJSON();
  });
}

/** A rendered object, checked against the Kubernetes schema of its kind. */
export type K8sObject =
  | (IDeployment & { kind: 'Deployment' })
  | (IService & { kind: 'Service' })
  | (IConfigMap & { kind: 'ConfigMap' })
  | (IPodDisruptionBudget & { kind: 'PodDisruptionBudget' })
  | (IHorizontalPodAutoscaler & { kind: 'HorizontalPodAutoscaler' });

const models: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

/** Throws unless `object` is one of the kinds above and valid against its schema (kubernetes-models). */
export function validateObject(object: unknown): K8sObject {
  const { apiVersion, kind } = object as { apiVersion?: string; kind?: string };
  const Model = models[`${apiVersion}/${kind}`];
  if (!Model) throw new Error(`unexpected object ${apiVersion}/${kind}: no schema to check it against`);
  new Model(object as never).validate();
  return object as K8sObject;
}

export interface Rendered {
  objects: K8sObject[];
  /** kubectl's stderr: v5 warns about `bases` and `commonLabels`, which kustomize v2.0.3 needs. */
  stderr: string;
}

const cache = new Map<string, Promise<Rendered>>();

/** `kubectl kustomize infrastructure/kubernetes/<dir>`, every object validated. Memoised per directory. */
export function render(dir: string): Promise<Rendered> {
  let rendered = cache.get(dir);
  if (!rendered) {
    const kubectl = requireBinary('kubectl', 'kubernetes-client');
    rendered = run(kubectl, ['kustomize', join(k8sDir, dir)], { maxBuffer: 16 * 1024 * 1024 }).then(
      ({ stdout, stderr }) => ({ objects: parseYamlDocuments(stdout).map(validateObject), stderr }),
    );
    cache.set(dir, rendered);
  }
  return rendered;
}

type KindOf<K extends K8sObject['kind']> = Extract<K8sObject, { kind: K }>;

export function ofKind<K extends K8sObject['kind']>(objects: readonly K8sObject[], kind: K): KindOf<K>[] {
  return objects.filter((object): object is KindOf<K> => object.kind === kind);
}

/** The one object of `kind`; throws when there are none or several. */
export function only<K extends K8sObject['kind']>(objects: readonly K8sObject[], kind: K): KindOf<K> {
  const found = ofKind(objects, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
}

export function appContainer(deployment: IDeployment): IContainer {
  const container = deployment.spec?.template.spec?.containers.find((candidate) => candidate.name === 'payready');
  if (!container) throw new Error(`${deployment.metadata?.name}: no container named payready`);
  return container;
}

/** Does a label selector (matchLabels or a Service's map) select pods with these labels? */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}
