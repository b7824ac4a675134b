/** A uniform grid of point indices in projected metres, for nearest-point queries. */
export class PointGrid {
  private readonly cellStart: Uint32Array;
  private readonly cellItems: Uint32Array;
  private readonly cols: number;
  private readonly rows: number;
  private readonly minX: number;
  private readonly minY: number;

  constructor(
    private readonly xs: Float64Array,
    private readonly ys: Float64Array,
    private readonly cellMeters = 250,
  ) {
    const n = xs.length;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, xs[i]!);
      maxX = Math.max(maxX, xs[i]!);
      minY = Math.min(minY, ys[i]!);
      maxY = Math.max(maxY, ys[i]!);
    }
    if (n === 0) minX = minY = maxX = maxY = 0;
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor((maxX - minX) / cellMeters) + 1;
    this.rows = Math.floor((maxY - minY) / cellMeters) + 1;
    // Counting sort of points into cells: one flat array, no per-cell arrays.
    const cellOf = new Uint32Array(n);
    this.cellStart = new Uint32Array(this.cols * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const cell = this.cellIndex(this.colOf(xs[i]!), this.rowOf(ys[i]!));
      cellOf[i] = cell;
      this.cellStart[cell + 1]!++;
    }
    for (let c = 0; c < this.cols * this.rows; c++) {
      this.cellStart[c + 1]! += this.cellStart[c]!;
    }
    const fill = this.cellStart.slice(0, -1);
    this.cellItems = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.cellItems[fill[cellOf[i]!]!++] = i;
  }

  /** Index of the point closest to (x, y); -1 when the grid is empty. */
  nearest(x: number, y: number): number {
    if (this.xs.length === 0) return -1;
    const col = this.colOf(x);
    const row = this.rowOf(y);
    // How far the query lies outside the grid: rings are measured from the clamped cell.
    const cx = Math.min(Math.max(x, this.minX), this.minX + this.cols * this.cellMeters);
    const cy = Math.min(Math.max(y, this.minY), this.minY + this.rows * this.cellMeters);
    const outside = Math.hypot(x - cx, y - cy);
    let best = -1;
    let bestSq = Infinity;
    const maxRing = Math.max(this.cols, this.rows);
    for (let ring = 0; ring <= maxRing; ring++) {
      if (best >= 0 && (ring - 1) * this.cellMeters > Math.sqrt(bestSq) + outside) break;
      for (let r = row - ring; r <= row + ring; r++) {
        if (r < 0 || r >= this.rows) continue;
        const edgeRow = r === row - ring || r === row + ring;
        const step = edgeRow ? 1 : 2 * ring;
        for (let c = col - ring; c <= col + ring; c += Math.max(step, 1)) {
          if (c < 0 || c >= this.cols) continue;
          const cell = this.cellIndex(c, r);
          for (let k = this.cellStart[cell]!; k < this.cellStart[cell + 1]!; k++) {
            const i = this.cellItems[k]!;
            const dx = this.xs[i]! - x;
            const dy = this.ys[i]! - y;
            const d = dx * dx + dy * dy;
            if (d < bestSq) {
              bestSq = d;
              best = i;
            }
          }
        }
      }
    }
    return best;
  }

  private colOf(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cellMeters)));
  }

  private rowOf(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cellMeters)));
  }

  private cellIndex(col: number, row: number): number {
    return row * this.cols + col;
  }
}
