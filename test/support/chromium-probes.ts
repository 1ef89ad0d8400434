/**
 * Code that runs inside the page, kept as JavaScript source: the project compiles without the
 * DOM library, so these never pass through the TypeScript checker.
 */

/** Counts chart elements that were laid out with a non-zero size. */
export const CHART_PROBE = `(() => {
  const sized = (el) => { const box = el.getBBox(); return box.width > 0 && box.height > 0; };
  return {
    svgs: document.querySelectorAll('svg.chart').length,
    bars: [...document.querySelectorAll('svg.chart rect.bar:not(.bar-compare)')].filter(sized).length,
    lines: [...document.querySelectorAll('svg.chart path.line')].filter((p) => sized(p) && p.getTotalLength() > 100).length,
    points: document.querySelectorAll('svg.chart circle.point').length,
  };
})()`;

export interface ChartCounts {
  svgs: number;
  bars: number;
  lines: number;
  points: number;
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
