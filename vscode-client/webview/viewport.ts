/**
 * Pan and zoom of the lineage canvas: the transform between graph and screen coordinates, zooming
 * around a point, fitting a rectangle, centring a node. Pure, unit-tested.
 */
import type { Rect } from './spatialIndex';

export interface Viewport {
  /** Screen pixels per graph unit. */
  scale: number;
  /** Screen position of the graph origin. */
  tx: number;
  ty: number;
}

export const MIN_SCALE = 0.005;
export const MAX_SCALE = 4;

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export function toGraph(view: Viewport, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - view.tx) / view.scale, y: (sy - view.ty) / view.scale };
}

/** The graph rectangle visible on a screen of the given size. */
export function visibleRect(view: Viewport, width: number, height: number): Rect {
  const topLeft = toGraph(view, 0, 0);
  return { x: topLeft.x, y: topLeft.y, width: width / view.scale, height: height / view.scale };
}

/** Zooms by `factor` keeping the graph point under the screen point (sx, sy) in place. */
export function zoomAt(view: Viewport, factor: number, sx: number, sy: number): Viewport {
  const scale = clampScale(view.scale * factor);
  const ratio = scale / view.scale;
  return { scale, tx: sx - (sx - view.tx) * ratio, ty: sy - (sy - view.ty) * ratio };
}

/** Shows all of `rect` centred, with a margin; never zooms in beyond `maxScale`. */
export function fitRect(rect: Rect, width: number, height: number, margin = 24, maxScale = 1.25): Viewport {
  if (rect.width <= 0 || rect.height <= 0 || width <= 0 || height <= 0) {
    return { scale: 1, tx: margin - rect.x, ty: margin - rect.y };
  }
  const scale = clampScale(Math.min((width - 2 * margin) / rect.width, (height - 2 * margin) / rect.height, maxScale));
  return {
    scale,
    tx: (width - rect.width * scale) / 2 - rect.x * scale,
    ty: (height - rect.height * scale) / 2 - rect.y * scale,
  };
}

/** Moves the view so that the graph point (x, y) is at the centre of the screen; zooms in to `minScale`. */
export function centreOn(view: Viewport, x: number, y: number, width: number, height: number, minScale = 0.6): Viewport {
  const scale = Math.max(view.scale, minScale);
  return { scale, tx: width / 2 - x * scale, ty: height / 2 - y * scale };
}
