import cytoscape from 'cytoscape';
import { graphElementsOf, type GraphEdge, type GraphElements, type GraphNode } from '../../graph/graphElements';
import { forceLayout } from '../../graph/graphLayout';
import { nearestSpot, nextInDirection, type Direction, type Spot } from '../../graph/graphNavigation';
import { graphShapeOf } from '../../graph/graphShape';
import { COLLECTION_PALETTE, parseCssColour, THEME_VARIABLES, type CanvasColour } from '../../graph/graphTheme';
import './graphView.css';

export interface GraphSelection {
  /** The row, counted over the whole result (`firstRowIndex` + the index in the rows shown). */
  readonly rowIndex: number;
  /** RFC 6901 pointer inside the row: `''` the row, `/vertices/2`, `/edges/0`, `/_from`. */
  readonly pointer: string;
}

export interface GraphViewCallbacks {
  onSelect(selection: GraphSelection): void;
}

export interface GraphShowOptions {
  /** The attribute to label by; when left out, the one last picked in the view stays. */
  readonly labelAttribute?: string;
}

const ARROW_KEYS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
const CURSOR_CLASS = 'keyboard-cursor';
const FIT_PADDING = 24;
const ZOOM_STEP = 1.25;
/** Above this many edges, straight lines instead of curves: curves cost more than they tell. */
const CURVED_EDGES_UP_TO = 1000;

/**
 * Cytoscape adds a `<style>` element to the page for its container, which the page's CSP refuses
 * (styles only by file or nonce) and reports. It skips that when an element with this id exists;
 * the one rule it would add (`position: relative`) is in graphView.css.
 */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

/**
 * The graph of rows that are edges or paths, drawn with Cytoscape on a canvas: click or tap an
 * element, or move to it with the arrow keys and press Enter, to show its document.
 */
export class GraphView {
  private readonly root: HTMLElement;
  private readonly labelPicker: HTMLSelectElement;
  private readonly summary: HTMLElement;
  private readonly canvasArea: HTMLElement;
  private readonly cursorDetails: HTMLUListElement;
  private readonly cy: cytoscape.Core;
  private readonly themeObserver: MutationObserver;
  private readonly resizeObserver: ResizeObserver;
  private rows: readonly unknown[] = [];
  private firstRowIndex = 0;
  private labelAttribute: string | undefined;
  private drawnSignature = '';
  private fitWhenVisible = false;

  constructor(
    container: HTMLElement,
    private readonly callbacks: GraphViewCallbacks,
  ) {
    this.root = element('div', 'graph-view');
    const toolbar = element('div', 'graph-toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', 'Graph');
    const pickerLabel = element('label', 'graph-label-picker');
    pickerLabel.append('Label by ');
    this.labelPicker = element('select', '');
    this.labelPicker.setAttribute('aria-label', 'Label nodes and edges by attribute');
    pickerLabel.append(this.labelPicker);
    const fitButton = element('button', 'graph-fit');
    fitButton.type = 'button';
    fitButton.textContent = 'Fit';
    fitButton.title = 'Fit the whole graph in view (0)';
    fitButton.setAttribute('aria-label', 'Fit the whole graph in view and reset the zoom');
    this.summary = element('span', 'graph-summary');
    this.summary.setAttribute('role', 'status');
    toolbar.append(pickerLabel, fitButton, this.summary);

    this.canvasArea = element('div', 'graph-canvas');
    this.canvasArea.tabIndex = 0;
    this.canvasArea.setAttribute('role', 'application');
    this.canvasArea.setAttribute('aria-roledescription', 'graph');
    this.cursorDetails = element('ul', 'graph-cursor-details');
    this.cursorDetails.id = `graph-cursor-details-${Math.random().toString(36).slice(2)}`;
    this.cursorDetails.setAttribute('aria-label', 'Element at the cursor');
    this.cursorDetails.setAttribute('aria-live', 'polite');
    this.canvasArea.setAttribute('aria-describedby', this.cursorDetails.id);
    this.root.append(toolbar, this.canvasArea, this.cursorDetails);
    container.append(this.root);

    ensureCytoscapeStylesheetPlaceholder();
    this.cy = cytoscape({
      container: this.canvasArea,
      boxSelectionEnabled: false,
      selectionType: 'single',
      autoungrabify: false,
      minZoom: 0.02,
      maxZoom: 8,
    });
    this.applyTheme();

    this.cy.on('tap', 'node, edge', (event) => {
      this.moveCursor(event.target as cytoscape.SingularElementArgument, false);
      this.select(event.target as cytoscape.SingularElementArgument);
    });
    this.labelPicker.addEventListener('change', () => {
      this.labelAttribute = this.labelPicker.value === '' ? undefined : this.labelPicker.value;
      this.render();
    });
    fitButton.addEventListener('click', () => this.fit());
    this.canvasArea.addEventListener('keydown', (event) => this.onKey(event));
    this.canvasArea.addEventListener('focus', () => {
      if (this.cursor() === undefined) this.placeCursorAtCentre();
    });

    // VS Code marks the theme's kind on <body>; its variables change with it.
    this.themeObserver = new MutationObserver(() => this.applyTheme());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.resizeObserver = new ResizeObserver(() => {
      this.cy.resize();
      if (this.fitWhenVisible && this.canvasArea.clientWidth > 0 && this.canvasArea.clientHeight > 0) this.fit();
    });
    this.resizeObserver.observe(this.canvasArea);
  }

  show(rows: readonly unknown[], firstRowIndex: number, options: GraphShowOptions): void {
    this.rows = rows;
    this.firstRowIndex = firstRowIndex;
    if (options.labelAttribute !== undefined) this.labelAttribute = options.labelAttribute === '' ? undefined : options.labelAttribute;
    this.render();
  }

  dispose(): void {
    this.themeObserver.disconnect();
    this.resizeObserver.disconnect();
    this.cy.destroy();
    this.root.remove();
  }

  private render(): void {
    const shape = graphShapeOf(this.rows);
    const elements = shape === undefined ? undefined : graphElementsOf(this.rows, shape, { labelAttribute: this.labelAttribute });
    this.fillLabelPicker(elements?.labelAttributes ?? []);
    this.summary.textContent = summaryOf(elements, this.rows.length);
    this.canvasArea.setAttribute('aria-label', canvasLabelOf(elements));
    if (elements === undefined) {
      this.cy.elements().remove();
      this.drawnSignature = '';
      this.describeCursor();
      return;
    }
    const signature = signatureOf(elements);
    if (signature === this.drawnSignature) {
      // Same elements, other labels (or other rows with the same graph): keep where things are.
      this.cy.batch(() => {
        for (const node of elements.nodes) this.cy.getElementById(nodeKey(node.id)).data({ label: node.label, rowIndex: node.rowIndex, pointer: node.pointer });
        for (const edge of elements.edges) this.cy.getElementById(edgeKey(edge.id)).data({ label: edge.label, rowIndex: edge.rowIndex, pointer: edge.pointer });
      });
    } else {
      this.draw(elements);
      this.drawnSignature = signature;
    }
    this.applyTheme();
    this.describeCursor();
  }

  private draw(elements: GraphElements): void {
    const indexOfNode = new Map(elements.nodes.map((node, index) => [node.id, index]));
    const positions = forceLayout(
      elements.nodes.length,
      elements.edges.map((edge) => [indexOfNode.get(edge.source) ?? -1, indexOfNode.get(edge.target) ?? -1] as const),
    );
    const collections = [...new Set(elements.nodes.map((node) => node.collection))];
    const definitions: cytoscape.ElementDefinition[] = [
      ...elements.nodes.map((node, index) => ({
        group: 'nodes' as const,
        data: { ...nodeData(node), colour: collections.indexOf(node.collection) % COLLECTION_PALETTE.length },
        position: positions[index] ?? { x: 0, y: 0 },
      })),
      ...elements.edges.map((edge) => ({ group: 'edges' as const, data: edgeData(edge) })),
    ];
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(definitions);
    });
    this.fit();
  }

  private fit(): void {
    this.cy.resize();
    if (this.canvasArea.clientWidth === 0 || this.canvasArea.clientHeight === 0) {
      // Hidden (another view's tab is open): fitting now would fit into nothing.
      this.fitWhenVisible = true;
      return;
    }
    this.fitWhenVisible = false;
    this.cy.fit(undefined, FIT_PADDING);
    if (this.cy.zoom() > 1.5) {
      this.cy.zoom(1.5);
      this.cy.center();
    }
  }

  private onKey(event: KeyboardEvent): void {
    const direction = ARROW_KEYS[event.key];
    if (direction !== undefined) {
      event.preventDefault();
      this.moveInDirection(direction);
      return;
    }
    switch (event.key) {
      case 'Enter':
      case ' ': {
        const cursor = this.cursor();
        if (cursor === undefined) return;
        event.preventDefault();
        this.select(cursor);
        return;
      }
      case 'Escape':
        this.cy.elements().unselect();
        this.describeCursor();
        return;
      case '+':
      case '=':
        event.preventDefault();
        this.zoomBy(ZOOM_STEP);
        return;
      case '-':
        event.preventDefault();
        this.zoomBy(1 / ZOOM_STEP);
        return;
      case '0':
        event.preventDefault();
        this.fit();
        return;
      default:
    }
  }

  private zoomBy(factor: number): void {
    const cursor = this.cursor();
    const centre = cursor === undefined ? { x: this.canvasArea.clientWidth / 2, y: this.canvasArea.clientHeight / 2 } : renderedSpotOf(cursor);
    this.cy.zoom({ level: this.cy.zoom() * factor, renderedPosition: centre });
  }

  private moveInDirection(direction: Direction): void {
    const drawn = this.cy.elements().toArray();
    const cursor = this.cursor();
    if (cursor === undefined) {
      this.placeCursorAtCentre();
      return;
    }
    const next = nextInDirection(drawn.map(spotOf), drawn.indexOf(cursor), direction);
    const target = next === undefined ? undefined : drawn[next];
    if (target !== undefined) this.moveCursor(target, true);
  }

  private placeCursorAtCentre(): void {
    const selected = this.cy.elements(':selected').first();
    if (selected.nonempty()) {
      this.moveCursor(selected, true);
      return;
    }
    const nodes = this.cy.nodes().toArray();
    const extent = this.cy.extent();
    const index = nearestSpot(nodes.map(spotOf), { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 });
    const node = index === undefined ? undefined : nodes[index];
    if (node !== undefined) this.moveCursor(node, true);
  }

  private cursor(): cytoscape.SingularElementArgument | undefined {
    const found = this.cy.elements(`.${CURSOR_CLASS}`).first();
    return found.nonempty() ? found : undefined;
  }

  private moveCursor(target: cytoscape.SingularElementArgument, bringIntoView: boolean): void {
    this.cy.elements(`.${CURSOR_CLASS}`).removeClass(CURSOR_CLASS);
    target.addClass(CURSOR_CLASS);
    if (bringIntoView) {
      const spot = spotOf(target);
      const extent = this.cy.extent();
      if (spot.x < extent.x1 || spot.x > extent.x2 || spot.y < extent.y1 || spot.y > extent.y2) this.cy.center(target);
    }
    this.describeCursor();
  }

  private select(target: cytoscape.SingularElementArgument): void {
    this.cy.elements().unselect();
    target.select();
    this.describeCursor();
    const rowIndex = target.data('rowIndex') as number;
    const pointer = target.data('pointer') as string;
    this.callbacks.onSelect({ rowIndex: this.firstRowIndex + rowIndex, pointer });
  }

  /** Says in words what the cursor is on, for screen readers and for anyone who cannot read the canvas. */
  private describeCursor(): void {
    const cursor = this.cursor();
    const lines: string[] = [];
    if (cursor !== undefined) {
      const rowNumber = this.firstRowIndex + (cursor.data('rowIndex') as number) + 1;
      const label = cursor.data('label') as string;
      const selected = cursor.selected() ? ', selected' : '';
      if (cursor.isNode()) {
        const known = (cursor.data('hasDocument') as boolean) ? `row ${rowNumber}` : `known by its id only, named in row ${rowNumber}`;
        lines.push(`Vertex ${cursor.data('arangoId') as string}${selected}`, `Label: ${label}`, count(cursor.connectedEdges().length, 'edge', 'edges'), known);
      } else {
        lines.push(`Edge ${cursor.data('arangoId') as string}${selected}`, `From ${cursor.data('from') as string} to ${cursor.data('to') as string}`, `row ${rowNumber}`);
        if (label !== '') lines.push(`Label: ${label}`);
      }
      lines.push('Enter shows its document');
    }
    this.cursorDetails.replaceChildren(
      ...lines.map((line) => {
        const item = element('li', '');
        item.textContent = line;
        return item;
      }),
    );
  }

  private fillLabelPicker(attributes: readonly string[]): void {
    const choices = attributes.filter((name) => name !== '_key');
    if (this.labelAttribute !== undefined && !choices.includes(this.labelAttribute)) choices.unshift(this.labelAttribute);
    const options = [new Option('_key (default)', ''), ...choices.map((name) => new Option(name, name))];
    this.labelPicker.replaceChildren(...options);
    this.labelPicker.value = this.labelAttribute ?? '';
  }

  /** Paints with the theme's colours as they are now: on creation, each draw and each theme change. */
  private applyTheme(): void {
    const theme = readTheme();
    const palette = COLLECTION_PALETTE.map((name) => themeColour(name, theme.foreground));
    const hasContrastBorder = theme.contrastBorder !== undefined;
    const border = theme.contrastBorder ?? theme.background;
    const stylesheet: cytoscape.StylesheetJson = [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          width: 18,
          height: 18,
          'border-width': hasContrastBorder ? 2 : 1,
          'border-color': border.rgb,
          'font-family': theme.fontFamily,
          'font-size': theme.fontSize,
          color: theme.foreground.rgb,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-background-color': theme.background.rgb,
          'text-background-opacity': 0.7,
          'text-background-padding': '1px',
          'min-zoomed-font-size': 7,
        },
      },
      ...palette.map((colour, index) => ({
        selector: `node[colour = ${index}]`,
        style: { 'background-color': colour.rgb },
      })),
      {
        selector: 'edge',
        style: {
          label: 'data(label)',
          width: 1.5,
          'line-color': theme.edge.rgb,
          'target-arrow-color': theme.edge.rgb,
          'target-arrow-shape': 'triangle',
          'arrow-scale': 0.8,
          'curve-style': this.cy.edges().length > CURVED_EDGES_UP_TO ? 'straight' : 'bezier',
          'font-family': theme.fontFamily,
          'font-size': theme.fontSize,
          color: theme.foreground.rgb,
          'text-background-color': theme.background.rgb,
          'text-background-opacity': 0.7,
          'min-zoomed-font-size': 7,
        },
      },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': theme.selection.rgb } },
      { selector: 'edge:selected', style: { width: 4, 'line-color': theme.selection.rgb, 'target-arrow-color': theme.selection.rgb } },
      { selector: `node.${CURSOR_CLASS}`, style: { 'underlay-color': theme.selection.rgb, 'underlay-opacity': 0.45, 'underlay-padding': 6, 'underlay-shape': 'ellipse' } },
      { selector: `edge.${CURSOR_CLASS}`, style: { 'line-style': 'dashed', width: 4, 'line-color': theme.selection.rgb } },
    ];
    this.cy.style(stylesheet);
  }
}

interface Theme {
  background: CanvasColour;
  foreground: CanvasColour;
  edge: CanvasColour;
  selection: CanvasColour;
  contrastBorder: CanvasColour | undefined;
  fontFamily: string;
  fontSize: string;
}

function readTheme(): Theme {
  const foreground = themeColour(THEME_VARIABLES.foreground, parseCssColour(getComputedStyle(document.body).color) ?? { rgb: 'rgb(128, 128, 128)', opacity: 1 });
  const background = themeColour(THEME_VARIABLES.background, { rgb: 'rgb(0, 0, 0)', opacity: 0 });
  const contrastBorder = parseCssColour(themeVariable(THEME_VARIABLES.contrastBorder));
  return {
    background,
    foreground,
    edge: themeColour(THEME_VARIABLES.edge, foreground),
    selection: themeColour(THEME_VARIABLES.selection, foreground),
    contrastBorder: contrastBorder !== undefined && contrastBorder.opacity > 0 ? contrastBorder : undefined,
    fontFamily: themeVariable(THEME_VARIABLES.fontFamily) || 'sans-serif',
    fontSize: themeVariable(THEME_VARIABLES.fontSize) || '13px',
  };
}

function themeVariable(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function themeColour(name: string, fallback: CanvasColour): CanvasColour {
  return parseCssColour(themeVariable(name)) ?? fallback;
}

function ensureCytoscapeStylesheetPlaceholder(): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID) !== null) return;
  // A <template> is inert: it takes the id and does nothing else.
  const placeholder = document.createElement('template');
  placeholder.id = CYTOSCAPE_STYLESHEET_ID;
  document.head.append(placeholder);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className !== '') created.className = className;
  return created;
}

// Cytoscape ids of nodes and edges share one space; ArangoDB's may not (an edge can be a vertex).
function nodeKey(id: string): string {
  return `node:${id}`;
}

function edgeKey(id: string): string {
  return `edge:${id}`;
}

function nodeData(node: GraphNode): Record<string, unknown> {
  return { id: nodeKey(node.id), arangoId: node.id, label: node.label, rowIndex: node.rowIndex, pointer: node.pointer, hasDocument: node.hasDocument };
}

function edgeData(edge: GraphEdge): Record<string, unknown> {
  return {
    id: edgeKey(edge.id),
    source: nodeKey(edge.source),
    target: nodeKey(edge.target),
    arangoId: edge.id,
    from: edge.source,
    to: edge.target,
    label: edge.label,
    rowIndex: edge.rowIndex,
    pointer: edge.pointer,
  };
}

function signatureOf(elements: GraphElements): string {
  return [...elements.nodes.map((node) => node.id), '\u0000', ...elements.edges.map((edge) => edge.id)].join('\u0001');
}

function spotOf(target: cytoscape.SingularElementArgument): Spot {
  return target.isNode() ? target.position() : target.midpoint();
}

function renderedSpotOf(target: cytoscape.SingularElementArgument): Spot {
  return target.isNode() ? target.renderedPosition() : target.renderedMidpoint();
}

function summaryOf(elements: GraphElements | undefined, rowCount: number): string {
  if (elements === undefined) return `These ${rowCount} rows are not edges or paths: there is no graph to draw.`;
  const drawn = `${count(elements.nodes.length, 'vertex', 'vertices')}, ${count(elements.edges.length, 'edge', 'edges')}`;
  const omitted = elements.omittedNodes + elements.omittedEdges;
  if (omitted === 0) return drawn;
  return `${drawn}; ${count(elements.omittedNodes, 'vertex', 'vertices')} and ${count(elements.omittedEdges, 'edge', 'edges')} more not drawn (at most ${elements.maxElements.toLocaleString('en-US')} elements are drawn)`;
}

function canvasLabelOf(elements: GraphElements | undefined): string {
  if (elements === undefined) return 'No graph';
  return `Graph of ${count(elements.nodes.length, 'vertex', 'vertices')} and ${count(elements.edges.length, 'edge', 'edges')}. Arrow keys move between them, Enter shows the document, plus and minus zoom, 0 fits.`;
}

function count(value: number, one: string, many: string): string {
  return `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;
}
