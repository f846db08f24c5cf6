// Zoom steps and the drag that moves a zoomed photo; both go back to whole-photo for a new item.
import { useEffect, useRef, useState, type PointerEvent } from 'react';

export const ZOOMS = [1, 1.5, 2, 3, 4] as const;

export function useZoom(itemKey: string | undefined) {
  const [zoom, setZoom] = useState(0);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  useEffect(() => {
    setZoom(0);
    setPan({ x: 0, y: 0 });
  }, [itemKey]);
  const drag = useRef<{ x: number; y: number; px: number; py: number } | null>(null);
  const zoomIn = () => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1));
  // Back to whole-photo: the picture is centred again.
  const zoomOut = () =>
    setZoom((z) => {
      if (z <= 1) setPan({ x: 0, y: 0 });
      return Math.max(0, z - 1);
    });
  const reset = () => {
    setZoom(0);
    setPan({ x: 0, y: 0 });
  };
  const scale = ZOOMS[zoom];
  const dragHandlers = {
    onPointerDown: (e: PointerEvent) => {
      if (scale > 1) {
        drag.current = { x: e.clientX, y: e.clientY, px: pan.x, py: pan.y };
        (e.target as Element).setPointerCapture?.(e.pointerId);
      }
    },
    onPointerMove: (e: PointerEvent) => {
      const d = drag.current;
      if (d) setPan({ x: d.px + e.clientX - d.x, y: d.py + e.clientY - d.y });
    },
    onPointerUp: () => {
      drag.current = null;
    },
  };
  return { scale, pan, zoomIn, zoomOut, reset, dragHandlers };
}
