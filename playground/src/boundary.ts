/**
 * The decision boundary on a canvas, as TensorFlow Playground draws it: the
 * plane coloured by the network's probability of class 1 (orange for 0, white at
 * ½, blue for 1), the training points filled and the test points ringed.
 */
import { GRID, type DataPoints, type Frame } from './training.js';

const ORANGE = [245, 147, 34];
const BLUE = [8, 119, 189];

/** The colour of probability p, faded toward white near ½. */
function shade(p: number): [number, number, number] {
  const [c, t] = p < 0.5 ? [ORANGE, (0.5 - p) * 2] : [BLUE, (p - 0.5) * 2];
  const a = 0.15 + 0.55 * t;
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

function toPixel(frame: Frame, width: number, height: number, x: number, y: number): [number, number] {
  return [((x - frame.x[0]) / (frame.x[1] - frame.x[0])) * width, ((frame.y[1] - y) / (frame.y[1] - frame.y[0])) * height];
}

/** Draws the boundary (when a grid of logits is given) and the points. */
export function drawBoundary(canvas: HTMLCanvasElement, points: DataPoints, grid?: Float64Array): void {
  const context = canvas.getContext('2d')!;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  if (grid !== undefined) {
    const image = context.createImageData(GRID, GRID);
    for (let k = 0; k < GRID * GRID; k++) {
      const [r, g, b] = shade(1 / (1 + Math.exp(-grid[k])));
      image.data.set([r, g, b, 255], 4 * k);
    }
    // scale the GRID × GRID image up to the canvas, smoothed
    const small = new OffscreenCanvas(GRID, GRID);
    small.getContext('2d')!.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(small, 0, 0, width, height);
  } else {
    context.fillStyle = '#f4f4f8';
    context.fillRect(0, 0, width, height);
  }
  const dot = (features: Float64Array, labels: Int32Array, test: boolean) => {
    for (let i = 0; i < labels.length; i++) {
      const [px, py] = toPixel(points.frame, width, height, features[2 * i], features[2 * i + 1]);
      context.beginPath();
      context.arc(px, py, 3.2, 0, 2 * Math.PI);
      const color = `rgb(${(labels[i] === 1 ? BLUE : ORANGE).join(',')})`;
      if (test) {
        context.lineWidth = 1.6;
        context.strokeStyle = color;
        context.fillStyle = 'white';
        context.fill();
        context.stroke();
      } else {
        context.lineWidth = 1;
        context.strokeStyle = 'white';
        context.fillStyle = color;
        context.fill();
        context.stroke();
      }
    }
  };
  dot(points.train.features, points.train.labels, false);
  dot(points.test.features, points.test.labels, true);
}
