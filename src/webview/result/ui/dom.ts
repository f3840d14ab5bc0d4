/** Small builders for the page's elements (no HTML strings: nothing from a row is ever parsed as markup). */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; attributes?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (options.className !== undefined) created.className = options.className;
  if (options.text !== undefined) created.textContent = options.text;
  for (const [name, value] of Object.entries(options.attributes ?? {})) created.setAttribute(name, value);
  created.append(...children);
  return created;
}

export function button(text: string, onClick: () => void, options: { title?: string; className?: string } = {}): HTMLButtonElement {
  const created = element('button', { className: options.className ?? 'button', text, attributes: { type: 'button' } });
  if (options.title !== undefined) created.title = options.title;
  created.addEventListener('click', onClick);
  return created;
}
