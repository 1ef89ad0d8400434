/**
 * Code that runs inside the page, kept as JavaScript source: the project compiles without the
 * DOM library, so these never pass through the TypeScript checker.
 */

/** Counts the Vega charts' marks that were laid out with a non-zero size. */
export const CHART_PROBE = `(() => {
  const sized = (el) => { const box = el.getBBox(); return box.width > 0 && box.height > 0; };
  return {
    svgs: document.querySelectorAll('figure.chart > svg[role="img"]').length,
    bars: [...document.querySelectorAll('figure.chart g.mark-rect.role-mark path')].filter(sized).length,
    lines: [...document.querySelectorAll('figure.chart g.mark-line.role-mark path')].filter((p) => sized(p) && p.getTotalLength() > 50).length,
    texts: document.querySelectorAll('figure.chart text').length,
  };
})()`;

export interface ChartCounts {
  svgs: number;
  bars: number;
  lines: number;
  texts: number;
}

/**
 * Every text element of every chart whose painted box (as Chromium lays it out with the fonts it
 * has) reaches outside its own SVG's box: a clipped label, title or legend entry.
 */
export const TEXT_OVERFLOW_PROBE = `(() => {
  const out = [];
  for (const svg of document.querySelectorAll('figure.chart > svg')) {
    const frame = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const box = text.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const slack = 0.5;
      if (box.left < frame.left - slack || box.right > frame.right + slack || box.top < frame.top - slack || box.bottom > frame.bottom + slack)
        out.push({ chart: svg.id, text: text.textContent, box: [box.left, box.top, box.right, box.bottom].map(Math.round), frame: [frame.left, frame.top, frame.right, frame.bottom].map(Math.round) });
    }
  }
  return out;
})()`;

export interface TextOverflow {
  chart: string;
  text: string;
  box: number[];
  frame: number[];
}

/** Decodes a base64 PNG in the page and returns its size, luma variance and pixels of one colour. */
export function pixelProbe(pngBase64: string, rgb: [number, number, number]): string {
  return `(async () => {
  const image = new Image();
  image.src = 'data:image/png;base64,${pngBase64}';
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const [r, g, b] = ${JSON.stringify(rgb)};
  let sum = 0, sumSq = 0, matching = 0;
  const n = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    const luma = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
    sum += luma;
    sumSq += luma * luma;
    if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) matching += 1;
  }
  const mean = sum / n;
  return { width: canvas.width, height: canvas.height, variance: sumSq / n - mean * mean, matching };
})()`;
}

export interface PixelStats {
  width: number;
  height: number;
  variance: number;
  matching: number;
}
