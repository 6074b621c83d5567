import type { StreamUpdate } from '../messaging/protocol';
import { chanceText, percentText, secondsText, stateText } from '../ui/format';
import { renderTimeline, type LivePoint } from './timeline';

const MAX_POINTS = 120;

/** Fields the engine may add to stream.update; read defensively (absent on older engines). */
interface Extra {
  evidenceS?: unknown;
  falseAlarmRate?: unknown;
}
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What the badge says: plain words, the score as a chance of synthesis, no engine jargon. */
export function badgeWords(u: StreamUpdate | null): { state: string; chance: string; percent: string; noModel: boolean; fixture: boolean } {
  const noModel = u?.engine.model === 'none';
  const fixture = /TEST FIXTURE/i.test(u?.engine.label ?? '');
  const state = noModel ? 'No model: detection is off' : stateText(u?.state ?? 'listening');
  const scored = !noModel && u?.pSpoof != null && u.state !== 'listening';
  return { state, chance: scored ? chanceText(u.pSpoof) : '', percent: scored ? percentText(u.pSpoof) : '', noModel, fixture };
}

/**
 * One stream's badge: a button (focusable; Enter/Space toggles details, Escape closes them)
 * showing who, the state in plain words and the chance of synthesis; the details hold the
 * chart, the threshold and the engine.
 */
export class StreamBadge {
  readonly el: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly details: HTMLElement;
  private points: LivePoint[] = [];
  private last: StreamUpdate | null = null;
  /** Contributing sources (CSRC) the site mixes into this track, when it uses them. */
  private sources = 0;
  /** Called after each render with what the badge says (the tile copy follows it). */
  onRender: ((state: string, text: string, title: string) => void) | null = null;

  constructor(readonly streamId: string, private label: string) {
    this.el = document.createElement('div');
    this.el.className = 'badge-wrap';
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = 'badge';
    this.button.dataset.testid = 'veracall-badge';
    this.button.dataset.streamId = streamId;
    this.button.setAttribute('aria-expanded', 'false');
    this.details = document.createElement('div');
    this.details.className = 'details';
    this.details.dataset.testid = 'veracall-details';
    this.details.hidden = true;
    this.details.id = `veracall-details-${streamId}`;
    this.button.setAttribute('aria-controls', this.details.id);
    this.button.addEventListener('click', () => this.toggle());
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.details.hidden) {
        e.stopPropagation();
        this.toggle(false);
        this.button.focus();
      }
    });
    this.el.append(this.button, this.details);
    this.render();
  }

  get state(): string {
    return this.button.dataset.state ?? 'listening';
  }

  get who(): string {
    return this.label;
  }

  /** Repaints (e.g. so a new tile copy shows the current state). */
  refresh(): void {
    this.render();
  }

  setLabel(label: string | undefined): void {
    if (label) this.label = label;
    this.render();
  }

  setSources(n: number): void {
    this.sources = n;
    if (!this.details.hidden) this.renderDetails();
  }

  update(u: StreamUpdate): void {
    // The label is the content script's (attribution); the offscreen only knows the first one.
    this.last = u;
    if (u.windowP !== null || u.state !== 'listening') {
      this.points.push({ t: u.t, p: u.windowP });
      if (this.points.length > MAX_POINTS) this.points.shift();
    }
    this.render();
  }

  toggle(open = this.details.hidden): void {
    this.details.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) this.renderDetails();
  }

  private render(): void {
    const u = this.last;
    const w = badgeWords(u);
    this.button.dataset.state = u?.state ?? 'listening';
    // Engine details are for the details view; tools that read the badge (e2e tests, the bench) use these attributes.
    this.button.dataset.engine = u?.engine.kind ?? '';
    this.button.dataset.engineLabel = u?.engine.label ?? '';
    this.button.replaceChildren(
      row(span('who', this.label), span('state', w.state)),
      ...(w.chance ? [span('chance', w.chance)] : []),
      ...(w.fixture ? [span('fixture', 'TEST FIXTURE: not a detector')] : []),
    );
    this.button.setAttribute('aria-label', `${this.label}: ${w.state}${w.chance ? `, ${w.chance}` : ''}. ${w.noModel ? '' : 'Press Enter for details.'}`.trim());
    this.onRender?.(this.state, w.percent ? `${w.state} · ${w.percent}` : w.state, `Veracall: ${w.state}${w.chance ? `, ${w.chance}` : ''}`);
    if (!this.details.hidden) this.renderDetails();
  }

  private renderDetails(): void {
    const u = this.last;
    const extra = (u ?? {}) as Extra;
    const evidence = num(extra.evidenceS);
    const far = num(extra.falseAlarmRate);
    this.details.replaceChildren(
      span('', `Chance of synthesis, smoothed: ${percentText(u?.pSpoof)}`),
      ...(u?.threshold !== undefined ? [span('', `Flagged from ${percentText(u.threshold)} (your sensitivity setting)`)] : []),
      ...(evidence !== undefined ? [span('', `Based on ${secondsText(evidence)} of speech`)] : []),
      ...(far !== undefined ? [span('', `Real voices are wrongly flagged about ${percentText(far)} of the time at this setting`)] : []),
      renderTimeline(this.points, u?.threshold ?? null),
      span('engine-detail', `Engine: ${u?.engine.label ?? '—'}`),
      ...(this.sources > 0 ? [span('', `Mixed from ${this.sources} contributing source${this.sources > 1 ? 's' : ''} (CSRC)`)] : []),
    );
  }
}

function span(cls: string, text: string): HTMLElement {
  const s = document.createElement('div');
  if (cls) s.className = cls;
  s.textContent = text;
  return s;
}

function row(...children: HTMLElement[]): HTMLElement {
  const r = document.createElement('div');
  r.className = 'row';
  r.append(...children);
  return r;
}
