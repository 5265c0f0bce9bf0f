/**
 * The lineage graph on a canvas: draws only what is visible (spatial index), drops detail when zoomed
 * far out (curves, borders), and redraws at most once per animation frame, so that 10k assets pan and
 * zoom smoothly. Labels are drawn in screen pixels: smaller text first, then shortened (the full key is
 * in the tooltip), and "Fit" never zooms out past the point where they can be read. A missing key (defined
 * nowhere) has its own dashed style; a cycle's edges are drawn over the nodes, routed below them.
 * Mouse: drag pans, wheel zooms, click opens the definition, double-click centres the lineage on the
 * node, hover shows a tooltip and highlights the node's edges. Keyboard (the canvas takes focus): arrows
 * move the selection (Left/Right follow upstream/downstream), Enter opens, C centres the lineage there.
 */
import type { GraphNode, GraphResult } from '../src/protocol';
import { directionOfKey, nextNode } from './keyboard';
import { layoutGraph, type Layout } from './layout';
import { bandGroups, describeNode, isMissing, nodeKindLabel, shortenLabel, statusWord, versionTag, type NodeDetails } from './nodeInfo';
import { SpatialIndex } from './spatialIndex';
import { readTheme, type Theme } from './theme';
import { centreOn, fitRect, visibleRect, zoomAt, type Viewport } from './viewport';

export interface GraphViewCallbacks {
  open(id: string): void;
  recentre(id: string): void;
  /** The keyboard selection changed: a sentence for screen readers. */
  announce(text: string): void;
  /** After Fit: false when the graph is too large to show whole with readable labels. */
  fitted(whole: boolean): void;
}

export interface DrawStats {
  nodes: number;
  edges: number;
  ms: number;
}

/** Label size in screen pixels: 12 at full size, never smaller than 9. */
const LABEL_FONT_PX = 12;
const MIN_LABEL_FONT_PX = 9;
/** "Fit" does not zoom out past this: the nodes are still tall enough for a 9 px label. */
export const READABLE_SCALE = 0.34;
const CURVE_SCALE = 0.12;
/** How far a cycle's back edge goes right of its source and left of its target, and below the nodes. */
const BACK_EDGE_BULGE = 12;
const BACK_EDGE_DROP = 9;
/** How far into a band's top padding (graph units, less than the padding) its title may reach. */
const TITLE_INTO_PADDING = 10;

export class GraphView {
  private readonly ctx: CanvasRenderingContext2D;
  private graph: GraphResult | undefined;
  private layout: Layout | undefined;
  private index: SpatialIndex | undefined;
  private view: Viewport = { scale: 1, tx: 0, ty: 0 };
  private theme: Theme = readTheme();
  private focused = -1;
  private hovered = -1;
  private adjacency: number[][] = [];
  private labels = new Map<number, { font: number; room: number; text: string }>();
  private bands: string[] = [];
  private details = new Map<string, NodeDetails>();
  private frame = 0;
  private drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
  private width = 0;
  private height = 0;
  lastDraw: DrawStats = { nodes: 0, edges: 0, ms: 0 };
  lastLayoutMs = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly tooltip: HTMLElement,
    private readonly callbacks: GraphViewCallbacks,
  ) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('no 2d canvas context');
    this.ctx = ctx;
    new ResizeObserver(() => this.resize()).observe(canvas.parentElement ?? canvas);
    new MutationObserver(() => {
      this.theme = readTheme();
      this.labels.clear();
      this.schedule();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.bindMouse();
    this.bindKeyboard();
    this.resize();
  }

  get nodeCount(): number {
    return this.graph?.nodes.length ?? 0;
  }

  setGraph(graph: GraphResult, focusId: string | null, fit: boolean): void {
    const started = performance.now();
    this.graph = graph;
    this.bands = bandGroups(graph.nodes, graph.edges);
    this.layout = layoutGraph(
      graph.nodes.map((node, i) => ({ id: node.id, group: this.bands[i]! })),
      graph.edges,
    );
    this.index = new SpatialIndex(this.layout.x, this.layout.y, this.layout.nodeWidth, this.layout.nodeHeight);
    this.adjacency = graph.nodes.map(() => []);
    for (const edge of this.layout.edges) {
      this.adjacency[edge.source]!.push(edge.target);
      this.adjacency[edge.target]!.push(edge.source);
    }
    this.labels.clear();
    this.hovered = -1;
    this.tooltip.hidden = true; // it described a node of the previous graph
    const focusIndex = focusId !== null ? this.layout.indexOf.get(focusId) : graph.nodes.findIndex((node) => node.focus);
    this.focused = focusIndex ?? -1;
    this.lastLayoutMs = performance.now() - started;
    if (fit) this.fitAll();
    this.schedule();
  }

  /** Status details (last materialization, why stale) by node id, shown in the tooltip. */
  setDetails(details: Map<string, NodeDetails>): void {
    this.details = details;
  }

  clear(): void {
    this.graph = undefined;
    this.layout = undefined;
    this.index = undefined;
    this.focused = -1;
    this.hovered = -1;
    this.tooltip.hidden = true;
    this.schedule();
  }

  /**
   * Fits the whole graph when its labels stay readable; otherwise shows it at the smallest readable zoom,
   * centred on the focus (or from its top-left corner), and says so on the canvas (`data-fit="partial"`).
   */
  fitAll(): void {
    if (!this.layout) return;
    const fitted = fitRect({ x: 0, y: 0, width: this.layout.width, height: this.layout.height }, this.width, this.height);
    if (fitted.scale >= READABLE_SCALE) {
      this.view = fitted;
      this.canvas.dataset.fit = 'all';
      this.callbacks.fitted(true);
    } else {
      const base = { ...fitted, scale: READABLE_SCALE };
      this.view =
        this.focused >= 0
          ? centreOn(base, this.centreX(this.focused), this.centreY(this.focused), this.width, this.height, READABLE_SCALE)
          : { scale: READABLE_SCALE, tx: 12, ty: 12 };
      this.canvas.dataset.fit = 'partial';
      this.callbacks.fitted(false);
    }
    this.schedule();
  }

  /** Highlights and centres the node with this id; false when it is not shown. */
  focus(id: string): boolean {
    const index = this.layout?.indexOf.get(id);
    if (index === undefined) return false;
    this.focused = index;
    this.view = centreOn(this.view, this.centreX(index), this.centreY(index), this.width, this.height);
    this.schedule();
    return true;
  }

  /** Ids of the nodes whose key contains `text` (case-insensitive), in layout order. */
  find(text: string): string[] {
    if (!this.graph || !this.layout || text.trim() === '') return [];
    const needle = text.trim().toLowerCase();
    const layout = this.layout;
    return this.graph.nodes
      .map((node, i) => ({ node, i }))
      .filter(({ node }) => node.id.toLowerCase().includes(needle))
      .sort((a, b) => layout.x[a.i]! - layout.x[b.i]! || layout.y[a.i]! - layout.y[b.i]!)
      .map(({ node }) => node.id);
  }

  zoom(factor: number): void {
    this.view = zoomAt(this.view, factor, this.width / 2, this.height / 2);
    this.schedule();
  }

  private centreX(i: number): number {
    return this.layout!.x[i]! + this.layout!.nodeWidth / 2;
  }

  private centreY(i: number): number {
    return this.layout!.y[i]! + this.layout!.nodeHeight / 2;
  }

  private resize(): void {
    const parent = this.canvas.parentElement ?? this.canvas;
    const rect = parent.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const firstSize = this.width === 0;
    this.width = Math.max(1, rect.width);
    this.height = Math.max(1, rect.height);
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    if (firstSize && this.layout) this.fitAll();
    this.schedule();
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private statusColour(node: GraphNode): string {
    return this.theme.status[statusWord(node)];
  }

  /** The node's label at this font size and width in screen pixels (cached; the ctx font must be set). */
  private label(i: number, node: GraphNode, font: number, room: number): string {
    const cached = this.labels.get(i);
    if (cached && cached.font === font && cached.room === room) return cached.text;
    const text = shortenLabel(node.id, (candidate) => this.ctx.measureText(candidate).width <= room);
    this.labels.set(i, { font, room, text });
    return text;
  }

  private draw(): void {
    const started = performance.now();
    const ctx = this.ctx;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = this.theme.background;
    ctx.fillRect(0, 0, this.width, this.height);
    const layout = this.layout;
    const graph = this.graph;
    if (!layout || !graph || !this.index) {
      this.lastDraw = { nodes: 0, edges: 0, ms: performance.now() - started };
      this.publishStats(0);
      return;
    }
    const { scale, tx, ty } = this.view;
    const visible = visibleRect(this.view, this.width, this.height);
    const nodeWidth = layout.nodeWidth;
    const nodeHeight = layout.nodeHeight;

    // Bands.
    ctx.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * tx, dpr * ty);
    ctx.fillStyle = this.theme.band;
    for (const band of layout.bands) {
      if (band.y > visible.y + visible.height || band.y + band.height < visible.y) continue;
      ctx.fillRect(0, band.y, layout.width, band.height);
    }

    // Edges (forward ones under the nodes; a cycle's back edges over them, below).
    const curves = scale >= CURVE_SCALE;
    const highlight = this.hovered >= 0 ? this.hovered : this.focused;
    let edgesDrawn = 0;
    const arrowSize = Math.min(7, 7 / scale);
    const arrowheads: number[] = [];
    const trace = (s: number, t: number, back: boolean): void => {
      const x1 = layout.x[s]! + nodeWidth;
      const y1 = layout.y[s]! + nodeHeight / 2;
      const x2 = layout.x[t]!;
      const y2 = layout.y[t]! + nodeHeight / 2;
      ctx.moveTo(x1, y1);
      if (back) {
        // Out of the source's right side, down under both nodes, back into the target's left side.
        // Kept within the band's padding (BACK_EDGE_BULGE), so that a fitted view shows all of it.
        const below = Math.max(layout.y[s]!, layout.y[t]!) + nodeHeight + BACK_EDGE_DROP;
        ctx.bezierCurveTo(x1 + BACK_EDGE_BULGE, y1, x1 + BACK_EDGE_BULGE, below, x1 - nodeWidth / 3, below);
        ctx.lineTo(x2 + nodeWidth / 3, below);
        ctx.bezierCurveTo(x2 - BACK_EDGE_BULGE, below, x2 - BACK_EDGE_BULGE, y2, x2, y2);
      } else if (curves) {
        const bend = Math.max(30, Math.abs(x2 - x1) / 2);
        ctx.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
      } else {
        ctx.lineTo(x2, y2);
      }
      if (curves) arrowheads.push(x2, y2);
    };
    const flushArrowheads = (): void => {
      for (let k = 0; k < arrowheads.length; k += 2) {
        const x = arrowheads[k]!;
        const y = arrowheads[k + 1]!;
        ctx.moveTo(x, y);
        ctx.lineTo(x - arrowSize, y - arrowSize / 2);
        ctx.lineTo(x - arrowSize, y + arrowSize / 2);
        ctx.closePath();
      }
      arrowheads.length = 0;
    };
    const edgeVisible = (s: number, t: number, back: boolean): boolean => {
      const left = Math.min(layout.x[s]!, layout.x[t]!) - (back ? BACK_EDGE_BULGE : 0);
      const right = Math.max(layout.x[s]!, layout.x[t]!) + nodeWidth + (back ? BACK_EDGE_BULGE : 0);
      const top = Math.min(layout.y[s]!, layout.y[t]!);
      const bottom = Math.max(layout.y[s]!, layout.y[t]!) + nodeHeight + (back ? BACK_EDGE_DROP + 2 : 0);
      return right >= visible.x && left <= visible.x + visible.width && bottom >= visible.y && top <= visible.y + visible.height;
    };
    const strokeEdges = (colour: string, width: number, dash: number[], pick: (e: { source: number; target: number; back: boolean }) => boolean): void => {
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      for (const edge of layout.edges) {
        if (!pick(edge) || !edgeVisible(edge.source, edge.target, edge.back)) continue;
        trace(edge.source, edge.target, edge.back);
        edgesDrawn++;
      }
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      flushArrowheads();
      ctx.fill();
    };
    const normalWidth = Math.max(1 / scale, 1.2);
    strokeEdges(this.theme.edge, normalWidth, [], (e) => !e.back && e.source !== highlight && e.target !== highlight);

    // Nodes.
    const shown = this.index.query(visible);
    if (scale < CURVE_SCALE) {
      const byColour = new Map<string, number[]>();
      for (const i of shown) {
        const colour = this.statusColour(graph.nodes[i]!);
        const list = byColour.get(colour);
        if (list) list.push(i);
        else byColour.set(colour, [i]);
      }
      for (const [colour, list] of byColour) {
        ctx.fillStyle = colour;
        ctx.beginPath();
        for (const i of list) ctx.rect(layout.x[i]!, layout.y[i]!, nodeWidth, nodeHeight);
        ctx.fill();
      }
    } else {
      for (const i of shown) {
        const node = graph.nodes[i]!;
        const x = layout.x[i]!;
        const y = layout.y[i]!;
        const colour = this.statusColour(node);
        ctx.lineWidth = Math.max(1 / scale, 1);
        ctx.strokeStyle = colour;
        if (isMissing(node)) {
          ctx.fillStyle = this.theme.background;
          ctx.fillRect(x, y, nodeWidth, nodeHeight);
          ctx.setLineDash([5 / Math.min(1, scale), 3 / Math.min(1, scale)]);
          ctx.strokeRect(x, y, nodeWidth, nodeHeight);
          ctx.setLineDash([]);
        } else {
          ctx.fillStyle = this.theme.nodeFill;
          ctx.fillRect(x, y, nodeWidth, nodeHeight);
          ctx.fillStyle = colour;
          ctx.fillRect(x, y, 5, nodeHeight);
          ctx.strokeRect(x, y, nodeWidth, nodeHeight);
        }
      }
    }

    // A cycle's edges and self-loops, over the nodes so that they are seen in full; then the highlight.
    strokeEdges(this.theme.backEdge, Math.max(1.5 / scale, 1.5), [6, 4], (e) => e.back);
    if (layout.selfLoops.length > 0) {
      ctx.strokeStyle = this.theme.backEdge;
      ctx.lineWidth = Math.max(1.5 / scale, 1.5);
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      for (const i of layout.selfLoops) {
        const x = layout.x[i]! + nodeWidth / 2;
        const y = layout.y[i]!;
        ctx.moveTo(x - 14, y);
        ctx.bezierCurveTo(x - 14, y - 12, x + 14, y - 12, x + 14, y); // within the padding above the row, under the title
      }
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (highlight >= 0) {
      strokeEdges(this.theme.highlight, Math.max(2 / scale, 2), [], (e) => !e.back && (e.source === highlight || e.target === highlight));
    }
    for (const [i, width] of [
      [this.focused, 3],
      [this.hovered, 2],
    ] as const) {
      if (i < 0) continue;
      ctx.strokeStyle = this.theme.highlight;
      ctx.lineWidth = Math.max(width / scale, width);
      ctx.strokeRect(layout.x[i]! - 2 / scale, layout.y[i]! - 2 / scale, nodeWidth + 4 / scale, nodeHeight + 4 / scale);
    }

    // Labels and tags, in screen pixels.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const boxWidth = nodeWidth * scale;
    const boxHeight = nodeHeight * scale;
    let labelsDrawn = 0;
    if (boxWidth >= 24 && boxHeight >= 6) {
      const font = Math.max(MIN_LABEL_FONT_PX, Math.min(LABEL_FONT_PX, Math.floor(boxHeight * 0.5)));
      const tagFont = Math.max(MIN_LABEL_FONT_PX - 1, font - 2);
      const pad = Math.max(4, 11 * scale);
      ctx.textBaseline = 'middle';
      for (const i of shown) {
        const node = graph.nodes[i]!;
        const sx = layout.x[i]! * scale + tx;
        const sy = layout.y[i]! * scale + ty;
        const missing = isMissing(node);
        // The kind and code version on the right, when there is room for them and the name.
        let room = boxWidth - pad - 4;
        const tag = missing ? 'missing' : `${nodeKindLabel(node)}${node.codeVersion ? ` · ${versionTag(node.codeVersion)}` : ''}`;
        if (boxHeight >= 18 && boxWidth >= 150) {
          ctx.font = `${tagFont}px ${this.theme.fontFamily}`;
          const tagWidth = ctx.measureText(tag).width;
          if (room - tagWidth - 8 >= 70) {
            ctx.fillStyle = missing ? this.theme.status.missing : this.theme.muted;
            ctx.textAlign = 'right';
            ctx.fillText(tag, sx + boxWidth - 6, sy + boxHeight / 2 + 1);
            ctx.textAlign = 'left';
            room -= tagWidth + 8;
          }
        }
        ctx.font = `${missing ? 'italic ' : ''}${font}px ${this.theme.fontFamily}`;
        ctx.fillStyle = missing ? this.theme.status.missing : this.theme.foreground;
        ctx.fillText(this.label(i, node, font, Math.floor(room)), sx + pad, sy + boxHeight / 2 + 1);
        labelsDrawn++;
      }
    }

    // Group titles in the strip at the top of each band (no node is there), pinned to the left edge.
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillStyle = this.theme.bandLabel;
    for (const band of layout.bands) {
      const top = band.y * scale + ty;
      // The strip, and the top of the padding under it (still no node there).
      const strip = (band.title + TITLE_INTO_PADDING) * scale;
      const titleFont = Math.min(12, Math.floor(strip * 0.7));
      if (top + strip < 0 || top > this.height || titleFont < 7) continue;
      ctx.font = `600 ${titleFont}px ${this.theme.fontFamily}`;
      const left = Math.max(6, tx + 6);
      const right = Math.max(left, tx + layout.width * scale - 6);
      const title = shortenLabel(`${band.group} (${band.count})`, (text) => ctx.measureText(text).width <= right - left);
      ctx.fillText(title, left, top + strip / 2 + 1);
    }
    this.lastDraw = { nodes: shown.length, edges: edgesDrawn, ms: performance.now() - started };
    this.publishStats(labelsDrawn);
  }

  /** Exposes what was drawn on the canvas element (for tests and accessibility tools). */
  private publishStats(labelsDrawn: number): void {
    this.canvas.dataset.nodesTotal = String(this.graph?.nodes.length ?? 0);
    this.canvas.dataset.nodesDrawn = String(this.lastDraw.nodes);
    this.canvas.dataset.labelsDrawn = String(labelsDrawn);
    this.canvas.dataset.cycleEdges = String((this.layout?.edges.filter((e) => e.back).length ?? 0) + (this.layout?.selfLoops.length ?? 0));
    this.canvas.dataset.scale = this.view.scale.toFixed(3);
    this.canvas.dataset.selected = this.focused >= 0 ? (this.graph?.nodes[this.focused]?.id ?? '') : '';
    this.canvas.dataset.edgesDrawn = String(this.lastDraw.edges);
    this.canvas.dataset.drawMs = this.lastDraw.ms.toFixed(1);
    this.canvas.dataset.layoutMs = this.lastLayoutMs.toFixed(1);
  }

  private hitAt(clientX: number, clientY: number): number {
    if (!this.index) return -1;
    const rect = this.canvas.getBoundingClientRect();
    const x = (clientX - rect.left - this.view.tx) / this.view.scale;
    const y = (clientY - rect.top - this.view.ty) / this.view.scale;
    return this.index.hit(x, y);
  }

  /** The tooltip's lines for node i (also what the keyboard selection announces). */
  private describe(i: number): { title: string; lines: string[] } | undefined {
    const node = this.graph?.nodes[i];
    if (!node || !this.layout) return undefined;
    const upstream = this.layout.edges.filter((e) => e.target === i).length;
    const downstream = this.layout.edges.filter((e) => e.source === i).length;
    const lines = describeNode(node, this.bands[i] ?? '', { upstream, downstream }, this.details.get(node.id), Date.now());
    return { title: node.id, lines };
  }

  /** Shows the tooltip of node i next to the client point (the mouse), or under the node (keyboard). */
  private showTooltip(i: number, clientX?: number, clientY?: number): void {
    const description = this.describe(i);
    if (!description) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.replaceChildren();
    const title = document.createElement('div');
    title.className = 'tip-title';
    title.textContent = description.title;
    this.tooltip.append(title, ...description.lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })));
    this.tooltip.hidden = false;
    const rect = this.canvas.getBoundingClientRect();
    const layout = this.layout!;
    const anchorX = clientX !== undefined ? clientX - rect.left + 14 : layout.x[i]! * this.view.scale + this.view.tx;
    const anchorY = clientY !== undefined ? clientY - rect.top + 14 : (layout.y[i]! + layout.nodeHeight) * this.view.scale + this.view.ty + 6;
    const left = Math.min(anchorX, this.width - this.tooltip.offsetWidth - 8);
    const top = Math.min(anchorY, this.height - this.tooltip.offsetHeight - 8);
    this.tooltip.style.left = `${Math.max(4, left)}px`;
    this.tooltip.style.top = `${Math.max(4, top)}px`;
  }

  /** Selects node i from the keyboard: highlighted, brought into view, described. */
  private select(i: number): void {
    if (!this.layout || i < 0) return;
    this.focused = i;
    const sx = this.layout.x[i]! * this.view.scale + this.view.tx;
    const sy = this.layout.y[i]! * this.view.scale + this.view.ty;
    const w = this.layout.nodeWidth * this.view.scale;
    const h = this.layout.nodeHeight * this.view.scale;
    if (sx < 0 || sy < 0 || sx + w > this.width || sy + h > this.height) {
      this.view = centreOn(this.view, this.centreX(i), this.centreY(i), this.width, this.height, this.view.scale);
    }
    this.schedule();
    this.showTooltip(i);
    const description = this.describe(i);
    if (description) this.callbacks.announce(`${description.title}: ${description.lines.join('. ')}`);
  }

  private bindKeyboard(): void {
    this.canvas.addEventListener('keydown', (event) => {
      if (!this.graph || !this.layout || event.altKey || event.ctrlKey || event.metaKey) return;
      const direction = directionOfKey(event.key);
      if (direction) {
        event.preventDefault();
        const from = this.focused >= 0 ? this.focused : -1;
        this.select(from < 0 ? this.firstInView() : nextNode(this.layout, from, direction));
        return;
      }
      if (this.focused < 0) return;
      const id = this.graph.nodes[this.focused]!.id;
      if (event.key === 'Enter') {
        event.preventDefault();
        this.callbacks.open(id);
      } else if (event.key === 'c' || event.key === 'C') {
        event.preventDefault();
        this.callbacks.recentre(id);
      } else if (event.key === 'Escape') {
        this.tooltip.hidden = true;
      }
    });
    this.canvas.addEventListener('focus', () => {
      if (this.graph && this.layout) this.select(this.focused >= 0 ? this.focused : this.firstInView());
    });
    this.canvas.addEventListener('blur', () => {
      this.tooltip.hidden = true;
    });
  }

  /** The top-left node on screen (else the first node): where keyboard navigation starts. */
  private firstInView(): number {
    if (!this.layout || !this.index) return -1;
    const shown = this.index.query(visibleRect(this.view, this.width, this.height));
    const layout = this.layout;
    const pool = shown.length > 0 ? shown : Array.from(layout.x, (_, i) => i);
    return pool.reduce((best, i) => (layout.x[i]! + layout.y[i]! < layout.x[best]! + layout.y[best]! ? i : best), pool[0] ?? -1);
  }

  private bindMouse(): void {
    const canvas = this.canvas;
    canvas.addEventListener('mousedown', (event) => {
      if (event.button !== 0) return;
      this.drag = { x: event.clientX, y: event.clientY, tx: this.view.tx, ty: this.view.ty, moved: false };
    });
    window.addEventListener('mousemove', (event) => {
      if (this.drag) {
        const dx = event.clientX - this.drag.x;
        const dy = event.clientY - this.drag.y;
        if (this.drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
          this.drag.moved = true;
          this.view = { ...this.view, tx: this.drag.tx + dx, ty: this.drag.ty + dy };
          this.tooltip.hidden = true;
          this.schedule();
        }
        return;
      }
      if (event.target !== canvas) return;
      const hit = this.hitAt(event.clientX, event.clientY);
      if (hit !== this.hovered) {
        this.hovered = hit;
        canvas.style.cursor = hit >= 0 ? 'pointer' : 'grab';
        this.schedule();
      }
      if (hit >= 0) this.showTooltip(hit, event.clientX, event.clientY);
      else this.tooltip.hidden = true;
    });
    window.addEventListener('mouseup', (event) => {
      const drag = this.drag;
      this.drag = undefined;
      if (!drag || drag.moved || event.target !== canvas) return;
      const hit = this.hitAt(event.clientX, event.clientY);
      if (hit >= 0) this.callbacks.open(this.graph!.nodes[hit]!.id);
    });
    canvas.addEventListener('dblclick', (event) => {
      const hit = this.hitAt(event.clientX, event.clientY);
      if (hit >= 0) this.callbacks.recentre(this.graph!.nodes[hit]!.id);
    });
    canvas.addEventListener('mouseleave', () => {
      this.tooltip.hidden = true;
      if (this.hovered >= 0) {
        this.hovered = -1;
        this.schedule();
      }
    });
    canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const rect = canvas.getBoundingClientRect();
        const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
        this.view = zoomAt(this.view, Math.exp(-delta * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
        this.tooltip.hidden = true;
        this.schedule();
      },
      { passive: false },
    );
  }
}
