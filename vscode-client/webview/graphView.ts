/**
 * The lineage graph on a canvas: draws only what is visible (spatial index), drops detail when zoomed
 * out (labels, curves, borders), and redraws at most once per animation frame, so that 10k assets pan
 * and zoom smoothly. Mouse: drag pans, wheel zooms, click opens the definition, double-click centres
 * the lineage on the node, hover shows a tooltip and highlights the node's edges.
 */
import type { GraphNode, GraphResult } from '../src/protocol';
import { layoutGraph, type Layout } from './layout';
import { SpatialIndex } from './spatialIndex';
import { readTheme, statusOf, type Theme } from './theme';
import { centreOn, fitRect, visibleRect, zoomAt, type Viewport } from './viewport';

export interface GraphViewCallbacks {
  open(id: string): void;
  recentre(id: string): void;
}

export interface DrawStats {
  nodes: number;
  edges: number;
  ms: number;
}

const LABEL_FONT_PX = 12;
const DETAIL_SCALE = 0.42;
const CURVE_SCALE = 0.12;

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
  private labels = new Map<number, string>();
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
    this.resize();
  }

  get nodeCount(): number {
    return this.graph?.nodes.length ?? 0;
  }

  setGraph(graph: GraphResult, focusId: string | null, fit: boolean): void {
    const started = performance.now();
    this.graph = graph;
    this.layout = layoutGraph(graph.nodes, graph.edges);
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

  clear(): void {
    this.graph = undefined;
    this.layout = undefined;
    this.index = undefined;
    this.focused = -1;
    this.hovered = -1;
    this.tooltip.hidden = true;
    this.schedule();
  }

  /** Fits the whole graph; a large neighbourhood is centred on its focus at a readable zoom instead. */
  fitAll(): void {
    if (!this.layout) return;
    const fitted = fitRect({ x: 0, y: 0, width: this.layout.width, height: this.layout.height }, this.width, this.height);
    if (fitted.scale < 0.3 && this.focused >= 0) {
      this.view = centreOn(fitted, this.centreX(this.focused), this.centreY(this.focused), this.width, this.height, 0.8);
    } else {
      this.view = fitted;
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
    return this.theme.status[statusOf(node.status, node.stale)];
  }

  private label(i: number, node: GraphNode): string {
    let text = this.labels.get(i);
    if (text !== undefined) return text;
    const room = this.layout!.nodeWidth - 18;
    text = node.id;
    if (this.ctx.measureText(text).width > room) {
      // Keep the end of the key: the asset's own name matters more than its prefix.
      let lo = 1;
      let hi = text.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.ctx.measureText(`…${node.id.slice(mid)}`).width <= room) hi = mid;
        else lo = mid + 1;
      }
      text = `…${node.id.slice(lo)}`;
    }
    this.labels.set(i, text);
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
      this.publishStats();
      return;
    }
    const { scale, tx, ty } = this.view;
    const visible = visibleRect(this.view, this.width, this.height);
    const nodeWidth = layout.nodeWidth;
    const nodeHeight = layout.nodeHeight;

    // Bands, with their group name pinned to the left edge of the screen.
    ctx.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * tx, dpr * ty);
    ctx.fillStyle = this.theme.band;
    for (const band of layout.bands) {
      if (band.y > visible.y + visible.height || band.y + band.height < visible.y) continue;
      ctx.fillRect(0, band.y, layout.width, band.height);
    }

    // Edges.
    const curves = scale >= CURVE_SCALE;
    const highlight = this.hovered >= 0 ? this.hovered : this.focused;
    let edgesDrawn = 0;
    const trace = (s: number, t: number): void => {
      const x1 = layout.x[s]! + nodeWidth;
      const y1 = layout.y[s]! + nodeHeight / 2;
      const x2 = layout.x[t]!;
      const y2 = layout.y[t]! + nodeHeight / 2;
      ctx.moveTo(x1, y1);
      if (curves) {
        const bend = Math.max(30, Math.abs(x2 - x1) / 2);
        ctx.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
      } else {
        ctx.lineTo(x2, y2);
      }
    };
    const edgeVisible = (s: number, t: number): boolean => {
      const left = Math.min(layout.x[s]!, layout.x[t]!);
      const right = Math.max(layout.x[s]!, layout.x[t]!) + nodeWidth;
      const top = Math.min(layout.y[s]!, layout.y[t]!);
      const bottom = Math.max(layout.y[s]!, layout.y[t]!) + nodeHeight;
      return right >= visible.x && left <= visible.x + visible.width && bottom >= visible.y && top <= visible.y + visible.height;
    };
    ctx.lineWidth = Math.max(1 / scale, 1.2);
    ctx.strokeStyle = this.theme.edge;
    ctx.setLineDash([]);
    ctx.beginPath();
    for (const edge of layout.edges) {
      if (edge.back || edge.source === highlight || edge.target === highlight || !edgeVisible(edge.source, edge.target)) continue;
      trace(edge.source, edge.target);
      edgesDrawn++;
    }
    ctx.stroke();
    ctx.strokeStyle = this.theme.backEdge;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    for (const edge of layout.edges) {
      if (!edge.back || !edgeVisible(edge.source, edge.target)) continue;
      trace(edge.source, edge.target);
      edgesDrawn++;
    }
    for (const i of layout.selfLoops) {
      const x = layout.x[i]! + nodeWidth / 2;
      const y = layout.y[i]!;
      ctx.moveTo(x - 14, y);
      ctx.bezierCurveTo(x - 14, y - 22, x + 14, y - 22, x + 14, y);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (highlight >= 0) {
      ctx.strokeStyle = this.theme.highlight;
      ctx.lineWidth = Math.max(2 / scale, 2);
      ctx.beginPath();
      for (const edge of layout.edges) {
        if (edge.back || (edge.source !== highlight && edge.target !== highlight)) continue;
        trace(edge.source, edge.target);
        edgesDrawn++;
      }
      ctx.stroke();
    }

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
      const detail = scale >= DETAIL_SCALE;
      ctx.font = `${LABEL_FONT_PX}px ${this.theme.fontFamily}`;
      ctx.textBaseline = 'middle';
      for (const i of shown) {
        const node = graph.nodes[i]!;
        const x = layout.x[i]!;
        const y = layout.y[i]!;
        const colour = this.statusColour(node);
        ctx.fillStyle = this.theme.nodeFill;
        ctx.fillRect(x, y, nodeWidth, nodeHeight);
        ctx.fillStyle = colour;
        ctx.fillRect(x, y, 5, nodeHeight);
        ctx.lineWidth = 1 / scale;
        ctx.strokeStyle = colour;
        ctx.strokeRect(x, y, nodeWidth, nodeHeight);
        if (detail) {
          ctx.fillStyle = this.theme.foreground;
          ctx.fillText(this.label(i, node), x + 11, y + nodeHeight / 2 + 1);
        }
      }
    }
    for (const [i, colour, width] of [
      [this.focused, this.theme.highlight, 3],
      [this.hovered, this.theme.highlight, 2],
    ] as const) {
      if (i < 0) continue;
      ctx.strokeStyle = colour;
      ctx.lineWidth = Math.max(width / scale, width);
      ctx.strokeRect(layout.x[i]! - 2 / scale, layout.y[i]! - 2 / scale, nodeWidth + 4 / scale, nodeHeight + 4 / scale);
    }

    // Group names, in screen space.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = `600 11px ${this.theme.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.fillStyle = this.theme.bandLabel;
    for (const band of layout.bands) {
      const top = band.y * scale + ty;
      const bottom = (band.y + band.height) * scale + ty;
      if (bottom < 0 || top > this.height || bottom - top < 14) continue;
      ctx.fillText(`${band.group} (${band.count})`, Math.max(6, tx + 6), Math.max(top + 4, 4));
    }
    this.lastDraw = { nodes: shown.length, edges: edgesDrawn, ms: performance.now() - started };
    this.publishStats();
  }

  /** Exposes what was drawn on the canvas element (for tests and accessibility tools). */
  private publishStats(): void {
    this.canvas.dataset.nodesTotal = String(this.graph?.nodes.length ?? 0);
    this.canvas.dataset.nodesDrawn = String(this.lastDraw.nodes);
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

  private showTooltip(i: number, clientX: number, clientY: number): void {
    const node = this.graph?.nodes[i];
    if (!node) {
      this.tooltip.hidden = true;
      return;
    }
    const status = statusOf(node.status, node.stale);
    const upstream = this.layout!.edges.filter((e) => e.target === i).length;
    const downstream = this.layout!.edges.filter((e) => e.source === i).length;
    this.tooltip.replaceChildren();
    const title = document.createElement('div');
    title.className = 'tip-title';
    title.textContent = node.id;
    const lines = [
      `${node.kind} · group ${node.group}${node.codeVersion ? ` · v${node.codeVersion}` : ''}`,
      `${status === 'unknown' ? 'status unknown' : status}${status === 'never' ? ' materialized' : ''} · ↑ ${upstream} · ↓ ${downstream} shown`,
      node.uri ? 'click: open definition · double-click: centre here' : 'external: no definition in the workspace',
    ];
    this.tooltip.append(title, ...lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })));
    this.tooltip.hidden = false;
    const rect = this.canvas.getBoundingClientRect();
    const left = Math.min(clientX - rect.left + 14, this.width - this.tooltip.offsetWidth - 8);
    const top = Math.min(clientY - rect.top + 14, this.height - this.tooltip.offsetHeight - 8);
    this.tooltip.style.left = `${Math.max(4, left)}px`;
    this.tooltip.style.top = `${Math.max(4, top)}px`;
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
