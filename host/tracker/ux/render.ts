/**
 * Draws widget descriptors with DOM APIs only. Server strings reach the page through `textContent`, `aria-label`
 * and an http(s)-checked `href`, never as HTML, so a flow cannot inject markup or script into a tracked site.
 */
import type { UxButton, UxEvent, UxWidget } from '../../src/tracker/ux.schema.ts';
import { isUxWidget } from './guard.ts';
import { WIDGET_CSS } from './style.ts';

/** Called when a visitor clicks a widget button that carries an event; `leaving` is true when the click navigates. */
export type AnswerFn = (event: UxEvent, widget: UxWidget, leaving: boolean) => void;

const DEFAULT_POSITION: Record<UxWidget['type'], NonNullable<UxWidget['position']>> = {
  popup: 'center',
  'consent-bar': 'bottom',
  cta: 'bottom-right',
};

// Ids of widgets on screen, so a flow that answers every event with the same popup shows it once.
const shown = new Set<string>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(b: UxButton, onClick: () => void): HTMLElement {
  let node: HTMLElement;
  if (b.url) {
    const a = el('a', '', b.label);
    a.href = b.url;
    a.rel = 'noopener';
    node = a;
  } else {
    node = el('button', '', b.label);
    (node as HTMLButtonElement).type = 'button';
  }
  if (b.primary) node.classList.add('p');
  node.addEventListener('click', onClick);
  return node;
}

/** Renders one checked descriptor; returns its host element, or null when the same widget id is already shown. */
export function renderWidget(w: UxWidget, answer: AnswerFn): HTMLElement | null {
  const key = w.id ?? `${w.type}:${w.title ?? ''}:${w.text}`;
  if (shown.has(key)) return null;
  shown.add(key);

  const host = el('div', '');
  host.setAttribute('data-tessera-widget', w.type);
  if (w.id) host.setAttribute('data-tessera-id', w.id);
  const root = host.attachShadow({ mode: 'open' });
  root.appendChild(el('style', '', WIDGET_CSS));

  let pos = w.position ?? DEFAULT_POSITION[w.type];
  if (w.type === 'consent-bar') pos = pos.startsWith('top') ? 'top' : 'bottom';
  const overlay = w.type === 'popup' && pos === 'center';
  const box = el('div', overlay ? 'w' : `w f ${pos}${w.type === 'consent-bar' ? ' bar' : ''}`);
  box.setAttribute('role', w.type === 'popup' ? 'dialog' : 'region');
  if (w.title) box.setAttribute('aria-label', w.title);

  const close = (): void => {
    shown.delete(key);
    host.remove();
  };
  // A consent bar waits for a decision; the other widgets may simply be dismissed.
  if (w.type !== 'consent-bar') {
    const x = el('button', 'x', '\u00d7');
    x.type = 'button';
    x.setAttribute('aria-label', 'Close');
    x.addEventListener('click', close);
    box.appendChild(x);
  }
  if (w.title) box.appendChild(el('strong', 't', w.title));
  box.appendChild(el('p', '', w.text));
  const row = el('div', 'b');
  for (const b of w.buttons) {
    row.appendChild(button(b, () => {
      if (b.event) answer(b.event, w, Boolean(b.url));
      close();
    }));
  }
  box.appendChild(row);

  if (overlay) {
    const o = el('div', 'o');
    o.appendChild(box);
    root.appendChild(o);
  } else {
    root.appendChild(box);
  }
  document.body.appendChild(host);
  return host;
}

/** Renders every safe descriptor in a `ux` list and skips the rest with a warning; returns how many were drawn. */
export function renderUx(items: unknown, answer: AnswerFn): number {
  if (!Array.isArray(items)) return 0;
  let drawn = 0;
  for (const item of items) {
    if (!isUxWidget(item)) {
      console.warn('[tessera] ignored a ux item that is not a popup, consent-bar or cta descriptor');
      continue;
    }
    if (renderWidget(item, answer)) drawn++;
  }
  return drawn;
}
