export const OVERLAY_CSS = `
:host { all: initial; }
.panel { position: fixed; z-index: 2147483646; top: 16px; right: 16px; min-width: 220px; max-width: 320px;
  font: 13px/1.35 system-ui, sans-serif; color: #111; background: #fff; border: 1px solid #ccd; border-radius: 10px;
  box-shadow: 0 4px 18px rgba(0,0,0,.18); }
.head { display: flex; align-items: center; gap: 6px; padding: 6px 8px; cursor: move; border-bottom: 1px solid #eee; user-select: none; }
.head .title { font-weight: 600; flex: 1; }
.head button { border: 0; background: none; font-size: 16px; cursor: pointer; padding: 0 4px; }
.list { display: flex; flex-direction: column; gap: 6px; padding: 8px; }
.badge { display: flex; flex-direction: column; align-items: stretch; text-align: left; width: 100%; border: 1px solid #ddd;
  border-left-width: 5px; border-radius: 8px; padding: 6px 8px; background: #fafafa; cursor: pointer; font: inherit; color: inherit; }
.badge:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.badge .row { display: flex; justify-content: space-between; gap: 8px; }
.badge .who { font-weight: 600; }
.badge .chance { color: #333; font-size: 12px; }
.badge .fixture { color: #8a4b00; font-size: 11px; font-weight: 600; }
.badge [hidden] { display: none; }
.badge[data-state="listening"] { border-left-color: #9aa0a6; }
.badge[data-state="no-speech"] { border-left-color: #c0c4c8; }
.badge[data-state="human"] { border-left-color: #5b7f95; }
.badge[data-state="suspicious"] { border-left-color: #f9ab00; background: #fff8e1; }
.badge[data-state="synthetic"] { border-left-color: #d93025; background: #fce8e6; }
.note { margin: 0; padding: 0 10px 8px; font-size: 11px; color: #555; max-width: 300px; }
.note[hidden] { display: none; }
.details { padding: 4px 8px 8px; font-size: 12px; }
.details[hidden] { display: none; }
.details > div { margin: 2px 0; }
.details .engine-detail { color: #555; font-size: 11px; }
svg .score { fill: none; stroke: #1a73e8; stroke-width: 1.5; }
svg .axis, svg .tick { stroke: #888; stroke-width: 1; }
svg .tick-label, svg .axis-title { fill: #555; font: 9px system-ui, sans-serif; }
svg .threshold { stroke: #d93025; stroke-dasharray: 3 3; }
svg .threshold-label { fill: #d93025; font: 9px system-ui, sans-serif; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export const TILE_CSS = `
:host { all: initial; position: absolute; z-index: 2147483645; top: 8px; left: 8px; pointer-events: none; }
.pill { font: 600 12px/1.3 system-ui, sans-serif; padding: 3px 8px; border-radius: 999px; color: #111; background: rgba(255,255,255,.92);
  border-left: 5px solid #9aa0a6; box-shadow: 0 1px 4px rgba(0,0,0,.3); white-space: nowrap; }
.pill[data-state="human"] { border-left-color: #5b7f95; }
.pill[data-state="suspicious"] { border-left-color: #f9ab00; background: #fff8e1; }
.pill[data-state="synthetic"] { border-left-color: #d93025; background: #fce8e6; color: #7a0b06; }
`;
