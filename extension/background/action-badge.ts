import type { StreamState } from '../../shared/protocol/common';
import type { CallStatus } from '../messaging/protocol';
import { chanceText, stateText } from '../ui/format';
import type { CallRegistry } from './call-registry';

/**
 * The toolbar button shows the worst current state of the call in its tab: a short badge
 * text and colour per tab, and a title naming the voice. Driven by the background's call
 * registry, so it follows every stream.update, stream end and tab close.
 */
export interface ActionApi {
  setBadgeText(d: { tabId?: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(d: { tabId?: number; color: string }): Promise<void>;
  setTitle(d: { tabId?: number; title: string }): Promise<void>;
}

export interface ActionLook {
  text: string;
  color: string;
  title: string;
}

// Worst first. "human" is only "no signs of synthesis so far": a neutral dot, never a check mark.
const RANK: StreamState[] = ['synthetic', 'suspicious', 'human', 'no-speech', 'listening'];
const LOOK: Record<StreamState, { text: string; color: string }> = {
  synthetic: { text: '!', color: '#c0262d' },
  suspicious: { text: '?', color: '#b26a00' },
  human: { text: '•', color: '#5b7f95' },
  'no-speech': { text: '…', color: '#80868b' },
  listening: { text: '…', color: '#80868b' },
};
const IDLE: ActionLook = { text: '', color: '#80868b', title: 'Veracall: no call in this tab' };

export function actionLook(status: CallStatus): ActionLook {
  if (!status.site || status.streams.length === 0) return IDLE;
  const worst = [...status.streams].sort((a, b) => RANK.indexOf(a.state) - RANK.indexOf(b.state))[0]!;
  const who = worst.label ?? 'A voice';
  const chance = worst.pSpoof !== null && worst.state !== 'listening' ? ` (${chanceText(worst.pSpoof)})` : '';
  const others = status.streams.length > 1 ? `; ${status.streams.length} voices in this call` : '';
  return { ...LOOK[worst.state], title: `Veracall: ${who}: ${stateText(worst.state)}${chance}${others}` };
}

/** Wraps the registry so every change to a tab's call repaints that tab's toolbar button. */
export function withActionBadge(calls: CallRegistry, action: ActionApi): CallRegistry {
  const shown = new Map<number, string>();
  const paint = (tabId: number) => {
    const look = actionLook(calls.status(tabId));
    const key = JSON.stringify(look);
    if (shown.get(tabId) === key) return;
    shown.set(tabId, key);
    // A tab can close between the change and the paint; nothing to repaint then.
    const ignore = () => undefined;
    void action.setBadgeText({ tabId, text: look.text }).catch(ignore);
    void action.setBadgeBackgroundColor({ tabId, color: look.color }).catch(ignore);
    void action.setTitle({ tabId, title: look.title }).catch(ignore);
  };
  const wrap = <K extends 'start' | 'update' | 'end' | 'label'>(name: K, tabOf: (...a: Parameters<CallRegistry[K]>) => number) => {
    const orig = calls[name].bind(calls) as (...a: Parameters<CallRegistry[K]>) => ReturnType<CallRegistry[K]>;
    (calls as unknown as Record<K, unknown>)[name] = (...a: Parameters<CallRegistry[K]>) => {
      const r = orig(...a);
      paint(tabOf(...a));
      return r;
    };
  };
  wrap('start', (tabId) => tabId);
  wrap('update', (u) => u.tabId);
  wrap('end', (tabId) => tabId);
  wrap('label', (tabId) => tabId);
  const closeTab = calls.closeTab.bind(calls);
  calls.closeTab = (tabId: number) => {
    shown.delete(tabId);
    return closeTab(tabId);
  };
  return calls;
}
