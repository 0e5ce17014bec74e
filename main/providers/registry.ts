import { StudioError } from '../../preload/contract/errors';
import type { ProviderInfo, ProviderKind, ProviderStatus } from '../../preload/contract/providers';
import { builtInProviders } from './builtins';
import type { ProviderContext, ProviderDefinition } from './types';

/** What a stage asks for. `language` and `offline` are requirements; the rest are preferences. */
export interface ProviderWant {
  language?: string;
  /** only providers that work with no network */
  offline?: boolean;
  wordTimings?: boolean;
  neural?: boolean;
  format?: string;
  /** the output must be this long, seconds (a generated clip) */
  durationSeconds?: number;
  /** the user's choice, tried first when it is ready */
  prefer?: string;
}

export interface Considered {
  id: string;
  ready: boolean;
  why: string;
}

export interface Selection {
  provider?: ProviderDefinition;
  /** one line for the job's events: what was chosen and why, and what was passed over */
  reason: string;
  considered: Considered[];
}

/** The providers this process knows, by kind. Built-ins are registered by createRegistry(). */
export class ProviderRegistry {
  private readonly byId = new Map<string, ProviderDefinition>();

  register(def: ProviderDefinition): void {
    if (this.byId.has(def.id)) throw new StudioError('INTERNAL', `provider ${def.id} is registered twice`);
    this.byId.set(def.id, def);
  }

  list(kind?: ProviderKind): ProviderDefinition[] {
    return [...this.byId.values()].filter((p) => !kind || p.kind === kind).sort((a, b) => a.kind.localeCompare(b.kind) || a.priority - b.priority);
  }

  get(id: string): ProviderDefinition {
    const p = this.byId.get(id);
    if (!p) throw new StudioError('PROVIDER_UNAVAILABLE', `no provider "${id}" (known: ${[...this.byId.keys()].sort().join(', ')})`);
    return p;
  }

  async info(ctx: ProviderContext, kind?: ProviderKind): Promise<ProviderInfo[]> {
    return Promise.all(this.list(kind).map(async (p) => describe(p, await safeStatus(p, ctx))));
  }

  /**
   * Picks a provider of `kind` for `want`: the user's preference when it is ready and fits, else
   * the ready provider meeting the most preferences (priority breaks ties). Never touches the
   * network for online providers; the reason says what was chosen and what was passed over.
   */
  async select(kind: ProviderKind, want: ProviderWant, ctx: ProviderContext): Promise<Selection> {
    const candidates = this.list(kind);
    const considered: Considered[] = [];
    const ranked: { p: ProviderDefinition; met: string[]; missing: string[] }[] = [];
    for (const p of candidates) {
      const hard = hardMismatch(p, want);
      if (hard) {
        considered.push({ id: p.id, ready: false, why: hard });
        continue;
      }
      const status = await safeStatus(p, ctx);
      if (!status.ready) {
        considered.push({ id: p.id, ready: false, why: status.reason });
        continue;
      }
      const { met, missing } = preferences(p, want);
      considered.push({ id: p.id, ready: true, why: missing.length ? `lacks ${missing.join(', ')}` : 'fits' });
      ranked.push({ p, met, missing });
    }
    const preferred = want.prefer ? ranked.find((r) => r.p.id === want.prefer) : undefined;
    ranked.sort((a, b) => b.met.length - a.met.length || a.p.priority - b.p.priority);
    const best = preferred ?? ranked[0];
    const wanted = describeWant(want);
    if (!best) {
      const why = considered.map((c) => `${c.id} (${c.why})`).join('; ') || `no ${kind} provider is registered`;
      return { reason: `${kind}: no provider fits ${wanted}: ${why}`, considered };
    }
    const passed = considered.filter((c) => c.id !== best.p.id && (!c.ready || candidates.indexOf(this.get(c.id)) < candidates.indexOf(best.p)));
    const prefNote = want.prefer && !preferred ? ` (${want.prefer} was asked for but ${considered.find((c) => c.id === want.prefer)?.why ?? 'is not a ' + kind + ' provider'})` : '';
    const reason =
      `${kind}: chose ${best.p.id} for ${wanted}` +
      (best.met.length ? ` — has ${best.met.join(', ')}` : '') +
      (best.missing.length ? `; lacks ${best.missing.join(', ')}` : '') +
      prefNote +
      (passed.length ? `; passed over ${passed.map((c) => `${c.id} (${c.why})`).join(', ')}` : '');
    return { provider: best.p, reason, considered };
  }
}

export function createRegistry(extra: ProviderDefinition[] = []): ProviderRegistry {
  const r = new ProviderRegistry();
  for (const p of [...builtInProviders(), ...extra]) r.register(p);
  return r;
}

async function safeStatus(p: ProviderDefinition, ctx: ProviderContext): Promise<ProviderStatus> {
  try {
    return await p.status(ctx);
  } catch (err) {
    return { ready: false, reason: (err as Error).message };
  }
}

function describe(p: ProviderDefinition, status: ProviderStatus): ProviderInfo {
  const { id, kind, name, description, offline, capabilities, needs, sends } = p;
  return { id, kind, name, description, offline, capabilities, needs, sends, status };
}

const langMatch = (have: string[], want: string) => {
  const w = want.toLowerCase().split(/[-_]/)[0]!;
  return have.some((l) => l === '*' || l.toLowerCase().split(/[-_]/)[0] === w);
};

function hardMismatch(p: ProviderDefinition, want: ProviderWant): string | undefined {
  if (want.offline && !p.offline) return 'needs the network';
  if (want.language && p.capabilities.languages.length && !langMatch(p.capabilities.languages, want.language)) return `no ${want.language}`;
  return undefined;
}

function preferences(p: ProviderDefinition, want: ProviderWant): { met: string[]; missing: string[] } {
  const met: string[] = [];
  const missing: string[] = [];
  const check = (asked: boolean | undefined, ok: boolean, label: string) => asked && (ok ? met : missing).push(label);
  check(want.neural, Boolean(p.capabilities.neural), 'neural');
  check(want.wordTimings, Boolean(p.capabilities.wordTimings), 'word timings');
  check(Boolean(want.format), p.capabilities.formats.includes(want.format ?? ''), want.format ?? '');
  check(want.durationSeconds !== undefined, (p.capabilities.maxDurationSeconds ?? Infinity) >= (want.durationSeconds ?? 0), `${want.durationSeconds} s`);
  if (want.language) met.unshift(want.language);
  return { met, missing };
}

function describeWant(want: ProviderWant): string {
  const parts = [want.neural && 'neural', want.language, want.wordTimings && 'word timings', want.format, want.durationSeconds !== undefined && `${want.durationSeconds} s`, want.offline && 'offline'].filter(Boolean);
  return parts.length ? `"${parts.join(', ')}"` : 'any';
}
