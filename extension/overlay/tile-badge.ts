import { TILE_CSS } from './styles';

/**
 * A compact copy of a stream's badge placed on the participant's tile in the site's page
 * (its own shadow root, so the site's styles cannot reach it). The call panel keeps the
 * full, focusable badge; this one is for the eye, and repeats what the panel says.
 */
export class TileBadge {
  readonly host: HTMLElement;
  private readonly pill: HTMLElement;
  tile: Element | null = null;

  constructor(doc: Document, streamId: string) {
    this.host = doc.createElement('veracall-tile-badge');
    this.host.dataset.testid = 'veracall-tile-badge';
    this.host.dataset.streamId = streamId;
    const root = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = TILE_CSS;
    this.pill = doc.createElement('div');
    this.pill.className = 'pill';
    root.append(style, this.pill);
  }

  attach(tile: Element): void {
    if (this.tile === tile && this.host.parentNode === tile) return;
    this.tile = tile;
    tile.append(this.host);
  }

  render(state: string, text: string, title: string): void {
    this.host.dataset.state = state;
    this.pill.dataset.state = state;
    this.pill.textContent = text;
    this.pill.title = title;
  }

  remove(): void {
    this.host.remove();
    this.tile = null;
  }
}
