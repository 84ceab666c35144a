/**
 * The few browser APIs Radix uses that jsdom lacks, for the component tests of client/src/ui
 * (import it first in a `// @vitest-environment jsdom` test). Each is the minimum Radix calls;
 * layout is not simulated (every rect is zero).
 */

if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class ResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

if (typeof window !== 'undefined') {
  const element = window.Element.prototype;
  // Radix Select and Slider capture the pointer while pressed.
  element.hasPointerCapture ??= () => false;
  element.setPointerCapture ??= () => undefined;
  element.releasePointerCapture ??= () => undefined;
  // Radix Select scrolls the chosen item into view.
  element.scrollIntoView ??= () => undefined;

  // Radix Select and Slider check `event instanceof PointerEvent`-style fields on pointer events.
  if (typeof window.PointerEvent === 'undefined') {
    class PointerEvent extends window.MouseEvent {
      readonly pointerId: number;
      readonly pointerType: string;
      constructor(type: string, init: PointerEventInit = {}) {
        super(type, init);
        this.pointerId = init.pointerId ?? 1;
        this.pointerType = init.pointerType ?? 'mouse';
      }
    }
    window.PointerEvent = PointerEvent as unknown as typeof window.PointerEvent;
  }

  // floating-ui (menus, selects, tooltips) measures with DOMRect.
  if (typeof window.DOMRect === 'undefined') {
    class DOMRect {
      constructor(
        public x = 0,
        public y = 0,
        public width = 0,
        public height = 0,
      ) {}
      get top() {
        return this.y;
      }
      get left() {
        return this.x;
      }
      get right() {
        return this.x + this.width;
      }
      get bottom() {
        return this.y + this.height;
      }
      toJSON() {
        return { x: this.x, y: this.y, width: this.width, height: this.height };
      }
      static fromRect(rect: { x?: number; y?: number; width?: number; height?: number } = {}) {
        return new DOMRect(rect.x, rect.y, rect.width, rect.height);
      }
    }
    window.DOMRect = DOMRect as unknown as typeof window.DOMRect;
  }
}

export {};
