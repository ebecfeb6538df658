import { describe, expect, it } from 'vitest';
import { Check } from 'typebox/value';
import { isUxWidget } from '../../tracker/ux/guard.ts';
import { UxWidget } from './ux.schema.ts';

const popup = {
  type: 'popup', id: 'newsletter', title: 'Stay in touch', text: 'Get our newsletter?',
  buttons: [{ label: 'Yes', event: { type: 'newsletter-answer', properties: { accepted: true } }, primary: true }, { label: 'No' }],
};

// Each case is judged by both the server-side schema and the browser guard; they must always agree.
const cases: Array<[string, unknown, boolean]> = [
  ['a popup', popup, true],
  ['a consent bar at the top', { type: 'consent-bar', text: 'Cookies?', buttons: [{ label: 'OK', event: { type: 'consent' } }], position: 'top' }, true],
  ['a cta with an https link', { type: 'cta', text: 'Sale', buttons: [{ label: 'Shop', url: 'https://shop.example/sale' }] }, true],
  ['a widget with no buttons', { type: 'popup', text: 'Hello', buttons: [] }, true],
  ['Tracardi raw element', { tag: 'script', props: { src: 'https://evil.example/x.js' }, content: '' }, false],
  ['an unknown widget type', { ...popup, type: 'iframe' }, false],
  ['an extra html field', { ...popup, html: '<img src=x onerror=alert(1)>' }, false],
  ['a javascript: link', { type: 'cta', text: 'x', buttons: [{ label: 'Go', url: 'javascript:alert(1)' }] }, false],
  ['a data: link', { type: 'cta', text: 'x', buttons: [{ label: 'Go', url: 'data:text/html,hi' }] }, false],
  ['a button without label', { type: 'popup', text: 'x', buttons: [{ label: '' }] }, false],
  ['five buttons', { type: 'popup', text: 'x', buttons: Array.from({ length: 5 }, () => ({ label: 'b' })) }, false],
  ['an event type with markup', { type: 'popup', text: 'x', buttons: [{ label: 'b', event: { type: '<b>' } }] }, false],
  ['an event with extra keys', { type: 'popup', text: 'x', buttons: [{ label: 'b', event: { type: 'a', script: 'x' } }] }, false],
  ['text over 1000 code points', { type: 'popup', text: 'x'.repeat(1001), buttons: [] }, false],
  ['1000 emoji (2000 UTF-16 units)', { type: 'popup', text: '\u{1F600}'.repeat(1000), buttons: [] }, true],
  ['an unknown position', { ...popup, position: 'middle' }, false],
  ['a missing text', { type: 'popup', buttons: [] }, false],
  ['an array', [popup], false],
  ['null', null, false],
];

describe('ux widget descriptors', () => {
  it.each(cases)('%s: schema and browser guard agree', (_name, value, expected) => {
    expect(Check(UxWidget, value)).toBe(expected);
    expect(isUxWidget(value)).toBe(expected);
  });
});
