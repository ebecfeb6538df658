/**
 * The deployment files stay in step with the code: every setting is documented, the manifests only set settings
 * that exist, and every Kubernetes workload has probes and resource requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SPEC } from '../../host/src/config/index.ts';
import { REPO_ROOT } from '../helpers/index.ts';

const deploy = path.join(REPO_ROOT, 'deploy');
const read = (file: string) => fs.readFileSync(path.join(deploy, file), 'utf8');
const known = new Set(Object.values(CONFIG_SPEC).map((s) => s.env));
const k8sFiles = fs.readdirSync(path.join(deploy, 'kubernetes')).filter((f) => f.endsWith('.yaml'));
const documents = k8sFiles.flatMap((f) => read(`kubernetes/${f}`).split(/^---$/m).map((text) => ({ file: f, text })));

describe('deploy/', () => {
  it('documents every environment variable Tessera reads', () => {
    // deploy/README.md lists them all; a setting added later must at least be in the root README's table.
    const docs = read('README.md') + fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const missing = [...known].filter((env) => !docs.includes(`\`${env}\``));
    expect(missing).toEqual([]);
    const deployMissing = [...known].filter((env) => !read('README.md').includes(`\`${env}\``));
    expect(deployMissing.length).toBeLessThan(known.size / 2);
  });

  it('sets only variables Tessera knows on the Tessera services', () => {
    const compose = read('docker-compose.yml');
    const tesseraBlocks = compose.split(/^  (?=[a-z-]+:$)/m).filter((b) => /^(migrate|api|collector|worker):/.test(b) || b.includes('x-tessera'));
    const composeVars = tesseraBlocks.flatMap((b) => [...b.matchAll(/^\s{4,6}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
    const config = read('kubernetes/config.yaml');
    const configVars = [...config.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    const podVars = documents.filter((d) => d.text.includes('image: tessera')).flatMap((d) => [...d.text.matchAll(/name: ([A-Z][A-Z0-9_]+),/g)].map((m) => m[1]!));
    const used = [...composeVars, ...configVars, ...podVars];
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((v) => !known.has(v))).toEqual([]);
  });

  it('gives every Kubernetes workload probes and resource requests, and autoscales the collectors', () => {
    const workloads = documents.filter((d) => /^kind: (Deployment|StatefulSet)$/m.test(d.text));
    expect(workloads.length).toBeGreaterThanOrEqual(6);
    for (const w of workloads) {
      const name = /^ {2}name: (\S+)/m.exec(w.text)?.[1];
      expect({ name, readiness: w.text.includes('readinessProbe'), liveness: w.text.includes('livenessProbe'), requests: w.text.includes('requests:') })
        .toEqual({ name, readiness: true, liveness: true, requests: true });
    }
    const hpa = documents.find((d) => /^kind: HorizontalPodAutoscaler$/m.test(d.text));
    expect(hpa?.text).toContain('name: tessera-collector');
    expect(documents.find((d) => d.text.includes('name: tessera-collector') && /^kind: Deployment$/m.test(d.text))?.text).toContain('value: "no"');
  });
});
