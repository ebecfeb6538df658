import { computed, ref, shallowRef } from 'vue';
import { api, ApiError, errorMessage, type Flow, type FlowDiff, type FlowVersion, type InstalledPlugin, type Page, type TestRunResult } from '../../../api/index.ts';
import { draftBody } from '../lib/flow-model.ts';
import { flowProblems, type FlowProblems } from '../lib/node-errors.ts';
import { nodeStates, takenEdges } from '../lib/trace.ts';
import type { FlowBody } from './useFlowCanvas.ts';

const noProblems = (): FlowProblems => ({ byNode: {}, general: [] });

/** The state and API actions of one flow in the editor: draft, save, publish, versions, rollback and test runs. */
export function useFlowEditor(id: string) {
  const flow = ref<FlowBody>({ name: '', description: '', nodes: [], edges: [] });
  const meta = shallowRef<Flow | null>(null);
  const saved = ref('');
  const plugins = ref<InstalledPlugin[]>([]);
  const loading = ref(true);
  const loadError = ref<string | null>(null);
  const saving = ref(false);
  const problems = ref<FlowProblems>(noProblems());
  const trace = shallowRef<TestRunResult | null>(null);
  const selectedId = ref<string | null>(null);

  const dirty = computed(() => JSON.stringify(draftBody(flow.value)) !== saved.value);
  const states = computed(() => nodeStates(trace.value, flow.value.nodes.map((n) => n.id)));
  const taken = computed(() => takenEdges(trace.value));
  const url = `/api/flows/${encodeURIComponent(id)}`;

  function adopt(f: Flow): void {
    meta.value = f;
    flow.value = draftBody(f);
    saved.value = JSON.stringify(draftBody(f));
  }

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const [f, p] = await Promise.all([api<Flow>(url), api<Page<InstalledPlugin> | InstalledPlugin[]>('/api/plugins')]);
      plugins.value = Array.isArray(p) ? p : p.items;
      adopt(f);
    } catch (err) {
      loadError.value = errorMessage(err);
    } finally {
      loading.value = false;
    }
  }

  /** Saves the draft; on a 422 the messages are sorted onto nodes and fields and the error is rethrown. */
  async function save(): Promise<void> {
    saving.value = true;
    try {
      const f = await api<Flow>(url, { method: 'PUT', body: draftBody(flow.value) });
      problems.value = noProblems();
      if (f && typeof f === 'object' && Array.isArray(f.nodes)) adopt(f);
      else saved.value = JSON.stringify(draftBody(flow.value));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 422 || err.status === 400)) {
        problems.value = flowProblems(err.details, flow.value.nodes);
        if (problems.value.general.length === 0 && Object.keys(problems.value.byNode).length === 0) problems.value.general.push(err.message);
      }
      throw err;
    } finally {
      saving.value = false;
    }
  }

  async function publish(note: string): Promise<FlowVersion> {
    if (dirty.value) await save();
    const v = await api<FlowVersion>(`${url}/publish`, { method: 'POST', body: { note } });
    meta.value = await api<Flow>(url);
    return v;
  }

  const versions = () => api<Page<FlowVersion> | FlowVersion[]>(`${url}/versions`).then((r) => (Array.isArray(r) ? r : r.items));

  /** What changed from published version `from` to the saved draft. */
  const diffFromVersion = (from: number) => api<FlowDiff>(`${url}/diff`, { query: { from, to: 'draft' } });

  /** Republishes an old version as a new live version; the draft (and any unsaved edit) stays as it is. */
  async function rollback(version: number): Promise<FlowVersion> {
    const v = await api<FlowVersion>(`${url}/rollback`, { method: 'POST', body: { version } });
    meta.value = await api<Flow>(url);
    return v;
  }

  /** Runs the draft (saved first) without storing anything, and keeps the trace for the canvas. */
  async function testRun(input: { event?: { type: string; properties: unknown; context?: unknown }; profileId?: string; eventId?: string }): Promise<TestRunResult> {
    if (dirty.value) await save();
    // A stored event is replayed with its own profile and session; otherwise the sample event runs.
    const body: Record<string, unknown> = input.eventId ? { eventId: input.eventId } : { event: input.event };
    if (input.profileId && !input.eventId) body.profileId = input.profileId;
    trace.value = await api<TestRunResult>(`${url}/test`, { method: 'POST', body });
    return trace.value;
  }

  return { flow, meta, plugins, loading, loadError, saving, dirty, problems, trace, states, taken, selectedId, load, save, publish, versions, rollback, diffFromVersion, testRun };
}

/** The editor state, as passed to child components. */
export type FlowEditor = ReturnType<typeof useFlowEditor>;
