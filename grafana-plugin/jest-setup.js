// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// Grafana's Combobox sizes its menu by measuring text on a canvas, which jsdom does not draw.
HTMLCanvasElement.prototype.getContext = () => ({ font: '', measureText: (text) => ({ width: String(text).length * 7 }) });

// jsdom has no layout, so no observers; Grafana's Combobox list only needs them to exist.
class NoLayoutObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver ??= NoLayoutObserver;
global.ResizeObserver ??= NoLayoutObserver;
