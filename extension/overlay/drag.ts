/** Lets the user move `panel` by dragging `handle` (pointer events; stays inside the viewport). */
export function makeDraggable(panel: HTMLElement, handle: HTMLElement): void {
  let start: { x: number; y: number; left: number; top: number } | null = null;
  handle.addEventListener('pointerdown', (e) => {
    if ((e.target as HTMLElement).closest('button')) return;
    const r = panel.getBoundingClientRect();
    start = { x: e.clientX, y: e.clientY, left: r.left, top: r.top };
    handle.setPointerCapture?.(e.pointerId);
  });
  handle.addEventListener('pointermove', (e) => {
    if (!start) return;
    const w = panel.ownerDocument.defaultView;
    const left = Math.max(0, Math.min((w?.innerWidth ?? 1e4) - 40, start.left + e.clientX - start.x));
    const top = Math.max(0, Math.min((w?.innerHeight ?? 1e4) - 20, start.top + e.clientY - start.y));
    Object.assign(panel.style, { left: `${left}px`, top: `${top}px`, right: 'auto' });
  });
  const end = () => (start = null);
  handle.addEventListener('pointerup', end);
  handle.addEventListener('pointercancel', end);
}
