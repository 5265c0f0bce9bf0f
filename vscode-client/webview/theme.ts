/**
 * Colours of the lineage view, read from VS Code's theme variables so that the graph follows the
 * user's theme (light, dark, high contrast). Read again when the theme changes.
 */
import type { StatusWord } from './nodeInfo';

export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  nodeFill: string;
  nodeBorder: string;
  band: string;
  bandLabel: string;
  edge: string;
  backEdge: string;
  highlight: string;
  fontFamily: string;
  status: Record<StatusWord, string>;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

export function readTheme(element: HTMLElement = document.body): Theme {
  const style = getComputedStyle(element);
  const dark = !document.body.classList.contains('vscode-light');
  return {
    background: cssVar(style, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    foreground: cssVar(style, '--vscode-editor-foreground', dark ? '#d4d4d4' : '#333333'),
    muted: cssVar(style, '--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    nodeFill: cssVar(style, '--vscode-editorWidget-background', dark ? '#252526' : '#f3f3f3'),
    nodeBorder: cssVar(style, '--vscode-editorWidget-border', dark ? '#454545' : '#c8c8c8'),
    band: dark ? 'rgba(255,255,255,0.035)' : 'rgba(0,0,0,0.035)',
    bandLabel: cssVar(style, '--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    edge: dark ? 'rgba(200,200,200,0.35)' : 'rgba(60,60,60,0.35)',
    backEdge: cssVar(style, '--vscode-errorForeground', '#f14c4c'),
    highlight: cssVar(style, '--vscode-focusBorder', '#007fd4'),
    fontFamily: cssVar(style, '--vscode-font-family', 'sans-serif'),
    status: {
      fresh: cssVar(style, '--vscode-testing-iconPassed', '#73c991'),
      stale: cssVar(style, '--vscode-editorWarning-foreground', '#cca700'),
      failed: cssVar(style, '--vscode-testing-iconFailed', '#f14c4c'),
      canceled: cssVar(style, '--vscode-charts-orange', '#d18616'),
      never: cssVar(style, '--vscode-disabledForeground', '#8b8b8b'),
      unknown: cssVar(style, '--vscode-descriptionForeground', '#9d9d9d'),
      missing: cssVar(style, '--vscode-editorError-foreground', '#f14c4c'),
    },
  };
}
