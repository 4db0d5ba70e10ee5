import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { createTempHome, repoRoot, runCli } from '../../test-utils/src/index.js';
import { durationToMs } from '@payready/shared';
import {
  appContainer,
  kustomizations,
  ofKind,
  only,
  render,
  selects,
  type K8sObject,
  type Kustomization,
} from './manifests.js';

// Every kustomization under infrastructure/kubernetes rendered by the kubectl on PATH (v1.32 / kustomize v5
// here; Debian's kubernetes-client, kubectl 1.20 / kustomize v2.0.3, in a clean CI) and every object checked
// against the Kubernetes schemas (kubernetes-models). The probe paths are checked against the running image in
// image.test.ts.

const expectedKinds: Record<Kustomization, string[]> = {
  base: ['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service'],
  stable: ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service'],
  'overlays/blue': ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service'],
  'overlays/green': ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service'],
  'overlays/canary': ['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service'],
  live: ['Service'],
};
const withDeployment = kustomizations.filter((dir) => dir !== 'live');

const productionYaml = readFileSync(join(repoRoot, 'config/production.yaml'), 'utf8');
// The keys of the official agents that call a paid upstream: claude, codex, web (two search providers), agno.
const apiKeyVariables = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'BRAVE_API_KEY', 'TAVILY_API_KEY', 'AGNO_API_KEY'];
// After server.shutdown_grace the server aborts what is left and closes the connections 1 s later
// (apps/api/src/drain.ts), then flushes telemetry for at most 2 s (apps/api/src/start-api-server.ts).
const drainAfterGraceSeconds = 3;

function podLabels(deployment: IDeployment): Record<string, string> {
  return deployment.spec?.template.metadata?.labels ?? {};
}

function envValue(deployment: IDeployment, name: string): string | undefined {
  return appContainer(deployment).env?.find((variable) => variable.name === name)?.value;
}

/** The effective config of a pod of `deployment`: the built CLI's `config show --json` under its plain env. */
async function podConfig(deployment: IDeployment): Promise<{ server: { port: number; shutdown_grace: string } }> {
  const home = createTempHome();
  try {
    const env: Record<string, string> = {};
    for (const variable of appContainer(deployment).env ?? []) {
      if (variable.value !== undefined) env[variable.name] = variable.value;
    }
    const result = await runCli(['config', 'show', '--json'], { env: { ...env, ...home.env }, cwd: home.root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { server: { port: number; shutdown_grace: string } };
  } finally {
    home.cleanup();
  }
}

describe('kubectl kustomize infrastructure/kubernetes', () => {
  it.each(kustomizations)('%s renders, and every object is valid against its Kubernetes schema', async (dir) => {
    const { objects, stderr } = await render(dir);
    expect(objects.map((object) => object.kind).sort()).toEqual(expectedKinds[dir]);
    // kustomize v5 warns that `bases` and `commonLabels` are deprecated (v2.0.3 needs them); nothing else.
    const unexpected = stderr
      .split('\n')
      .filter((line) => line.trim() !== '' && !/Warning: '\w+' is deprecated/.test(line));
    expect(unexpected).toEqual([]);
    for (const object of objects) {
      expect(object.metadata?.labels?.['app.kubernetes.io/name']).toBe('payready');
    }
  });

  it.each(withDeployment)(
    '%s: the ConfigMap is config/production.yaml byte for byte, mounted over the image copy',
    async (dir) => {
      const { objects } = await render(dir);
      const configMap = only(objects, 'ConfigMap');
      expect(configMap.data).toEqual({ 'production.yaml': productionYaml });
      const deployment = only(objects, 'Deployment');
      const volume = deployment.spec?.template.spec?.volumes?.find((candidate) => candidate.configMap);
      // The generated name carries a content hash; the Deployment must point at that name.
      expect(volume?.configMap?.name).toBe(configMap.metadata?.name);
      expect(configMap.metadata?.name).toMatch(/^payready-config(-\w+)?-[a-z0-9]{10}$/);
      const mount = appContainer(deployment).volumeMounts?.find((candidate) => candidate.name === volume?.name);
      expect(mount).toMatchObject({
        mountPath: '/app/config/production.yaml',
        subPath: 'production.yaml',
        readOnly: true,
      });
      expect(envValue(deployment, 'PAYREADY_ENV')).toBe('production');
    },
  );

  it.each(withDeployment)('%s: probes, port, metrics annotations, security context and resources', async (dir) => {
    const deployment = only((await render(dir)).objects, 'Deployment');
    const pod = deployment.spec!.template.spec!;
    const container = appContainer(deployment);
    const port = container.ports?.find((candidate) => candidate.name === 'http');
    expect(port?.containerPort).toBe(8000);
    expect(envValue(deployment, 'PAYREADY_SERVER__PORT')).toBe(String(port?.containerPort));
    expect(container.livenessProbe?.httpGet).toMatchObject({ path: '/health', port: 'http' });
    expect(container.readinessProbe?.httpGet).toMatchObject({ path: '/ready', port: 'http' });
    expect(container.startupProbe?.httpGet).toMatchObject({ path: '/health', port: 'http' });
    expect(deployment.spec?.template.metadata?.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(port?.containerPort),
      'prometheus.io/path': '/metrics',
    });

    // Non-root as the image's numeric USER, read-only root, nothing to escalate.
    const imageUser = /^USER (\d+):(\d+)$/m.exec(
      readFileSync(join(repoRoot, 'infrastructure/docker/Dockerfile'), 'utf8'),
    );
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: Number(imageUser?.[1]),
      runAsGroup: Number(imageUser?.[2]),
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    // What the server writes (config cache, answer cache, usage log) goes under HOME: an emptyDir, as is /tmp.
    const emptyDirs = new Set(pod.volumes?.filter((volume) => volume.emptyDir).map((volume) => volume.name));
    const writable = container.volumeMounts
      ?.filter((mount) => emptyDirs.has(mount.name))
      .map((mount) => mount.mountPath);
    expect(writable?.sort()).toEqual([envValue(deployment, 'HOME'), '/tmp'].sort());

    for (const kind of ['requests', 'limits'] as const) {
      expect(Object.keys(container.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
  });

  it.each(withDeployment)('%s: API keys and REDIS_URL come from Secrets, and so do the bearer tokens', async (dir) => {
    const deployment = only((await render(dir)).objects, 'Deployment');
    const env = appContainer(deployment).env ?? [];
    const fromSecret = (name: string) => env.find((variable) => variable.name === name)?.valueFrom?.secretKeyRef;
    expect(fromSecret('REDIS_URL')).toEqual({ name: 'payready-secrets', key: 'REDIS_URL' });
    for (const name of apiKeyVariables) {
      expect(fromSecret(name)).toEqual({ name: 'payready-secrets', key: name, optional: true });
    }
    // No secret-looking variable has a literal value.
    for (const variable of env) {
      if (/(_API_KEY|_TOKEN|REDIS_URL)$/.test(variable.name)) expect(variable.value).toBeUndefined();
    }
    // server.tokens_file is inside a mounted Secret: a pod listens on 0.0.0.0, which needs tokens.
    const tokensFile = envValue(deployment, 'PAYREADY_SERVER__TOKENS_FILE');
    const pod = deployment.spec!.template.spec!;
    const mount = appContainer(deployment).volumeMounts?.find((candidate) =>
      tokensFile?.startsWith(`${candidate.mountPath}/`),
    );
    const volume = pod.volumes?.find((candidate) => candidate.name === mount?.name);
    expect(volume?.secret?.secretName).toBe('payready-tokens');
    expect(volume?.secret?.items?.map((item) => `${mount?.mountPath}/${item.path}`)).toContain(tokensFile);
    expect(appContainer(deployment).args).toEqual(['--host', '0.0.0.0']);
  });

  it('terminationGracePeriodSeconds is above the drain bound of the config a pod runs with', async () => {
    const deployment = only((await render('base')).objects, 'Deployment');
    const config = await podConfig(deployment);
    const graceSeconds = durationToMs(config.server.shutdown_grace) / 1000;
    expect(graceSeconds).toBeGreaterThan(0);
    const preStopSeconds = appContainer(deployment).lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(preStopSeconds).toBeGreaterThan(0);
    const termination = deployment.spec?.template.spec?.terminationGracePeriodSeconds ?? 30;
    expect(termination).toBeGreaterThan(preStopSeconds + graceSeconds + drainAfterGraceSeconds);
    // And the port the server will listen on is the container port the probes and the Service use.
    expect(config.server.port).toBe(appContainer(deployment).ports?.[0]?.containerPort);
  });

  it.each(withDeployment)(
    '%s: Service, PodDisruptionBudget and autoscaler select this Deployment’s pods',
    async (dir) => {
      const { objects } = await render(dir);
      const deployment = only(objects, 'Deployment');
      const labels = podLabels(deployment);
      const ports = appContainer(deployment).ports ?? [];
      expect(selects(deployment.spec?.selector.matchLabels, labels)).toBe(true);

      const service = only(objects, 'Service');
      expect(selects(service.spec?.selector, labels)).toBe(true);
      for (const port of service.spec?.ports ?? []) {
        expect(ports.map((candidate) => candidate.name)).toContain(port.targetPort);
      }
      const pdb = only(objects, 'PodDisruptionBudget');
      expect(pdb.spec?.selector?.matchLabels).toEqual(deployment.spec?.selector.matchLabels);

      const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
      for (const hpa of hpas) {
        expect(hpa.spec.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deployment.metadata?.name,
        });
        expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      }
      // Replicas belong to the autoscaler (blue, green) or to scripts/deploy/canary.sh: an apply must not reset them.
      expect(deployment.spec?.replicas).toBeUndefined();
      expect(hpas.length).toBe(dir === 'overlays/canary' || dir === 'base' ? 0 : 1);
    },
  );

  it('blue and green differ only in colour and image', async () => {
    const [blue, green] = await Promise.all([render('overlays/blue'), render('overlays/green')]);
    const images = (objects: K8sObject[]) => appContainer(only(objects, 'Deployment')).image;
    expect(images(blue.objects)).toBe('registry.example.com/payready:blue');
    expect(images(green.objects)).toBe('registry.example.com/payready:green');
    const normalise = (objects: K8sObject[], colour: string) =>
      JSON.stringify(objects, (key, value: unknown) => (key === 'image' ? '<image>' : value))
        .replaceAll(colour, '<colour>')
        // The ConfigMap's hash covers its name's suffix too (kustomize v2), so it differs per colour.
        .replace(/payready-config-<colour>-[a-z0-9]{10}/g, 'payready-config-<colour>-<hash>');
    expect(normalise(green.objects, 'green')).toBe(normalise(blue.objects, 'blue'));
    // Not vacuous: the colour is in every name and in the pod labels and selectors.
    for (const object of blue.objects) expect(object.metadata?.name).toMatch(/-blue(-[a-z0-9]{10})?$/);
    expect(podLabels(only(blue.objects, 'Deployment')).colour).toBe('blue');
  });

  it('the live Service selects one colour’s pods, and the canary’s once canary.sh labels them', async () => {
    const [live, blue, green, canary] = await Promise.all(
      (['live', 'overlays/blue', 'overlays/green', 'overlays/canary'] as const).map(
        async (dir) => (await render(dir)).objects,
      ),
    );
    const liveService = only(live!, 'Service');
    const selector = liveService.spec!.selector!;
    const bluePods = podLabels(only(blue!, 'Deployment'));
    const greenPods = podLabels(only(green!, 'Deployment'));
    expect(selector.colour).toBe('blue');
    expect(selects(selector, bluePods)).toBe(true);
    expect(selects(selector, greenPods)).toBe(false);
    // What scripts/deploy/blue-green.sh's flip does: {colour: green, track: null}.
    const flipped = { ...selector, colour: 'green' };
    expect(selects(flipped, greenPods)).toBe(true);
    expect(selects(flipped, bluePods)).toBe(false);
    // Same port name in every colour.
    for (const port of liveService.spec?.ports ?? []) {
      for (const pods of [blue!, green!, canary!]) {
        expect(appContainer(only(pods, 'Deployment')).ports?.map((candidate) => candidate.name)).toContain(
          port.targetPort,
        );
      }
    }

    // The canary as rendered takes no live traffic; labelled with the live colour (canary.sh) it does, and
    // stays out of the stable Deployment's selector, PDB and Service.
    const canaryDeployment = only(canary!, 'Deployment');
    const canaryPods = podLabels(canaryDeployment);
    expect(canaryPods.track).toBe('canary');
    expect(selects(selector, canaryPods)).toBe(false);
    const labelled = { ...canaryPods, colour: 'blue' };
    expect(selects(selector, labelled)).toBe(true);
    expect(selects(canaryDeployment.spec?.selector.matchLabels, labelled)).toBe(true);
    const blueDeployment = only(blue!, 'Deployment');
    expect(selects(blueDeployment.spec?.selector.matchLabels, labelled)).toBe(false);
    expect(selects(only(blue!, 'PodDisruptionBudget').spec?.selector?.matchLabels, labelled)).toBe(false);
    expect(selects(only(blue!, 'Service').spec?.selector, labelled)).toBe(false);
    // 100 %: canary.sh adds track: canary to the live selector, which then leaves the stable pods out.
    expect(selects({ ...selector, track: 'canary' }, labelled)).toBe(true);
    expect(selects({ ...selector, track: 'canary' }, bluePods)).toBe(false);
  });
});
