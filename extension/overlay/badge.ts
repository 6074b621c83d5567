import type { StreamUpdate } from '../messaging/protocol';
import { STATE_TEXT } from './states';
import { renderTimeline } from './timeline';

const MAX_POINTS = 120;

/**
 * One stream's badge: a button (focusable; Enter/Space toggles details, Escape closes them)
 * showing who, state, smoothed score and engine, plus a details block with a timeline.
 */
export class StreamBadge {
  readonly el: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly details: HTMLElement;
  private points: (number | null)[] = [];
  private last: StreamUpdate | null = null;
  /** Contributing sources (CSRC) the site mixes into this track, when it uses them. */
  private sources = 0;

  constructor(readonly streamId: string, private label: string) {
    this.el = document.createElement('div');
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
      this.points.push(u.windowP);
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
    const noModel = u?.engine.model === 'none';
    const state = u?.state ?? 'listening';
    this.button.dataset.state = state;
    this.button.dataset.engine = u?.engine.kind ?? '';
    const score = u?.pSpoof == null ? '' : ` · ${Math.round(u.pSpoof * 100)} %`;
    const stateText = noModel ? 'No model' : STATE_TEXT[state];
    this.button.replaceChildren(
      row(span('who', this.label), span('state', `${stateText}${score}`)),
      span('engine', noModel ? u!.engine.label : u ? u.engine.label : 'starting…'),
    );
    this.button.setAttribute('aria-label', `${this.label}: ${stateText}${score}. ${noModel ? 'Detection is off.' : 'Press Enter for details.'}`);
    if (!this.details.hidden) this.renderDetails();
  }

  private renderDetails(): void {
    const u = this.last;
    const p = u?.pSpoof;
    this.details.replaceChildren(
      span('', `Smoothed P(synthetic): ${p == null ? '—' : p.toFixed(2)}`),
      renderTimeline(this.points, u?.threshold ?? null),
      span('', `Engine: ${u?.engine.label ?? '—'}`),
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
