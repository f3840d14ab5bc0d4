/**
 * The graph is drawn on a canvas, where CSS variables do not reach: its colours are read from
 * VS Code's theme variables and handed to the renderer as plain colours. VS Code writes them as
 * `#rrggbb`, `#rrggbbaa` or `rgba(...)`; the renderer takes neither 8-digit hex nor an alpha in
 * a colour, so each is split into an `rgb()` and an opacity.
 */

export interface CanvasColour {
  /** `rgb(r, g, b)`. */
  readonly rgb: string;
  /** 0 (clear) to 1 (solid). */
  readonly opacity: number;
}

/** The theme variables the graph is painted with, and what each paints. */
export const THEME_VARIABLES = {
  background: '--vscode-editor-background',
  foreground: '--vscode-editor-foreground',
  edge: '--vscode-editorLineNumber-foreground',
  selection: '--vscode-focusBorder',
  /** Set only by high-contrast themes: then every node gets a border in it. */
  contrastBorder: '--vscode-contrastBorder',
  fontFamily: '--vscode-font-family',
  fontSize: '--vscode-font-size',
} as const;

/** One colour per collection, in order of first appearance, repeating after the sixth. */
export const COLLECTION_PALETTE = [
  '--vscode-charts-blue',
  '--vscode-charts-green',
  '--vscode-charts-orange',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
] as const;

export function parseCssColour(text: string): CanvasColour | undefined {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value)?.[1];
  if (hex !== undefined) {
    const pairs = hex.length <= 4 ? [...hex].map((digit) => digit + digit) : (hex.match(/../g) ?? []);
    const [red, green, blue, alpha] = pairs.map((pair) => Number.parseInt(pair, 16));
    return colour(red, green, blue, alpha === undefined ? 1 : alpha / 255);
  }
  const functional = /^rgba?\(([^)]*)\)$/.exec(value)?.[1];
  if (functional !== undefined) {
    const parts = functional.split(/[\s,/]+/).filter((part) => part !== '');
    if (parts.length !== 3 && parts.length !== 4) return undefined;
    const [red, green, blue] = parts.slice(0, 3).map((part) => channel(part, 255));
    return colour(red, green, blue, parts[3] === undefined ? 1 : channel(parts[3], 1));
  }
  if (value === 'transparent') return { rgb: 'rgb(0, 0, 0)', opacity: 0 };
  return undefined;
}

function channel(part: string, scale: number): number {
  return part.endsWith('%') ? (Number.parseFloat(part) / 100) * scale : Number.parseFloat(part);
}

function colour(red: number | undefined, green: number | undefined, blue: number | undefined, alpha: number): CanvasColour | undefined {
  const channels = [red, green, blue];
  if (!channels.every((value): value is number => value !== undefined && Number.isFinite(value)) || !Number.isFinite(alpha)) return undefined;
  const [r, g, b] = channels.map((value) => Math.round(Math.min(255, Math.max(0, value))));
  return { rgb: `rgb(${r}, ${g}, ${b})`, opacity: Math.min(1, Math.max(0, alpha)) };
}
