import type { StreamState } from '../../shared/protocol/common';
import type { StreamUpdate } from '../messaging/protocol';
import { StreamBadge } from './badge';
import { makeDraggable } from './drag';
import { isWarning } from './states';
import { chanceText, stateText } from '../ui/format';
import { OVERLAY_CSS } from './styles';
import { TileBadge } from './tile-badge';

/**
 * The in-page overlay: one panel in an open shadow root (e2e tests read it) holding a badge
 * per stream. Draggable by its header; the close button removes it for this call; warnings
 * are announced through an aria-live region.
 */
export class Overlay {
  private host: HTMLElement | null = null;
  private list!: HTMLElement;
  private live!: HTMLElement;
  private badges = new Map<string, StreamBadge>();
  private tiles = new Map<string, TileBadge>();
  private note!: HTMLElement;
  private noteText = '';
  private dismissed = false;
  /** The "show badges" setting; badges keep following their streams while hidden. */
  private visible = true;

  constructor(private readonly doc: Document) {}

  private mount(): void {
    if (this.host || this.dismissed || !this.visible || this.badges.size === 0) return;
    const host = this.doc.createElement('veracall-overlay');
    host.dataset.testid = 'veracall-overlay';
    const root = host.attachShadow({ mode: 'open' });
    const style = this.doc.createElement('style');
    style.textContent = OVERLAY_CSS;
    const panel = this.doc.createElement('section');
    panel.className = 'panel';
    panel.setAttribute('aria-label', 'Veracall synthetic voice detection');
    const head = this.doc.createElement('div');
    head.className = 'head';
    const title = this.doc.createElement('span');
    title.className = 'title';
    title.textContent = 'Veracall';
    const close = this.doc.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.dataset.testid = 'veracall-close';
    close.setAttribute('aria-label', 'Hide Veracall for this call');
    close.addEventListener('click', () => this.dismiss());
    head.append(title, close);
    this.list = this.doc.createElement('div');
    this.list.className = 'list';
    this.live = this.doc.createElement('div');
    this.live.className = 'sr';
    // Follows the badges: a warning, and also the all-clear when a warned-about voice recovers.
    this.live.setAttribute('aria-live', 'assertive');
    this.live.setAttribute('aria-atomic', 'true');
    this.live.dataset.testid = 'veracall-announcement';
    this.note = this.doc.createElement('p');
    this.note.className = 'note';
    this.note.dataset.testid = 'veracall-note';
    this.note.textContent = this.noteText;
    this.note.hidden = !this.noteText;
    panel.append(head, this.list, this.note, this.live);
    root.append(style, panel);
    makeDraggable(panel, head);
    (this.doc.body ?? this.doc.documentElement).append(host);
    this.host = host;
    for (const b of this.badges.values()) this.list.append(b.el);
  }

  addStream(streamId: string, label: string): void {
    if (this.badges.has(streamId)) return;
    const b = new StreamBadge(streamId, label);
    this.badges.set(streamId, b);
    this.mount();
    this.list?.append(b.el);
  }

  setLabel(streamId: string, label: string | undefined): void {
    this.badges.get(streamId)?.setLabel(label);
  }

  /**
   * Puts a copy of the stream's badge on the participant's tile (null: no tile known, the
   * call panel alone shows it). The panel keeps every badge either way.
   */
  placeOnTile(streamId: string, tile: Element | null): void {
    const b = this.badges.get(streamId);
    let t = this.tiles.get(streamId);
    if (!b || !tile || this.dismissed || !this.visible) {
      t?.remove();
      return;
    }
    if (!t) {
      const made = new TileBadge(this.doc, streamId);
      t = made;
      this.tiles.set(streamId, made);
      b.onRender = (state, text, title) => made.render(state, text, title);
      b.refresh();
    }
    if (tile instanceof HTMLElement && getComputedStyle(tile).position === 'static') tile.style.position = 'relative';
    t.attach(tile);
  }

  /** A line in the call panel under the badges (why there is no badge per tile), or none. */
  setNote(text: string | null): void {
    this.noteText = text ?? '';
    if (!this.note) return;
    this.note.textContent = this.noteText;
    this.note.hidden = !this.noteText;
  }

  setSources(streamId: string, n: number): void {
    this.badges.get(streamId)?.setSources(n);
  }

  update(u: StreamUpdate): void {
    const b = this.badges.get(u.streamId);
    if (!b) return;
    const before = b.state as StreamState;
    b.update(u);
    if (u.state === before || u.state === 'listening' || !this.live) return;
    const who = b.who || u.label || 'A voice in this call';
    if (isWarning(u.state)) this.live.textContent = `Warning: ${who}: ${stateText(u.state)}, ${chanceText(u.pSpoof)}.`;
    else if (isWarning(before)) this.live.textContent = `${who}: ${stateText(u.state)} (no longer ${stateText(before).toLowerCase()}).`;
  }

  removeStream(streamId: string): void {
    const b = this.badges.get(streamId);
    if (b && isWarning(b.state as StreamState) && this.live) this.live.textContent = `${b.who} left; their warning no longer applies.`;
    b?.el.remove();
    this.tiles.get(streamId)?.remove();
    this.tiles.delete(streamId);
    this.badges.delete(streamId);
    if (this.badges.size === 0) {
      // The call is over: a later call in this page (single-page apps) shows the overlay again.
      this.unmount();
      this.dismissed = false;
    }
  }

  /** The overlay setting changed: hide or show at once, on this open page. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.mount();
    else this.unmount();
  }

  /** The user closed the overlay: nothing is shown again until this call's streams have ended. */
  dismiss(): void {
    this.dismissed = true;
    this.unmount();
  }

  private unmount(): void {
    for (const t of this.tiles.values()) t.remove();
    this.host?.remove();
    this.host = null;
  }
}
