// Builds DOM nodes without HTML strings, so data from the API is always text, never markup.
/* global Node, document */

/**
 * h('a', { href: '/x', class: 'btn', onClick: fn }, 'text', child, [more])
 * Attributes: `class`, `text`, `dataset`, `style` (object), on* handlers, booleans (true sets, false/null omits).
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && !svg && 'value' in el) el.value = String(value);
    else if (key === 'checked' || key === 'selected') el[key] = Boolean(value);
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Text that comes from the data (names, titles): a translation must leave it as it is. */
export function data(text, attrs = {}) {
  return h('span', { translate: 'no', ...attrs }, text ?? '');
}

/** A table in a horizontally scrolling wrapper, so wide tables stay usable on a phone. */
export function table(caption, headers, rows, attrs = {}) {
  const { captionVisible, ...tableAttrs } = attrs;
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      tableAttrs,
      h('caption', { class: captionVisible ? null : 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((x) => (x instanceof Node ? x : h('th', { scope: 'col' }, x))),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

let uid = 0;
/** A unique id for label/input pairs. */
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Appends children to an element, leaving out null, undefined and false. */
export function fill(el, ...children) {
  return append(el, children);
}
