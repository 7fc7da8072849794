/**
 * The k best (score, row) pairs of a scan, kept in a binary min-heap so that a row that cannot enter costs one
 * comparison. Rows must be offered in ascending order: among equal scores the earlier row then stays, the order a
 * stable sort by descending score gives.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(Math.max(0, capacity));
    this.rows = new Int32Array(Math.max(0, capacity));
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** The score a row must exceed to enter once the list is full; -Infinity before. */
  get threshold(): number {
    return this.full && this.capacity > 0 ? this.scores[0]! : -Infinity;
  }

  offer(score: number, row: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.up(this.size++, score, row);
    } else if (score > this.scores[0]!) {
      this.down(score, row);
    }
  }

  /** Best first; equal scores by ascending row. */
  sorted(): { score: number; row: number }[] {
    const out: { score: number; row: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ score: this.scores[i]!, row: this.rows[i]! });
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  /** The heap's root is its worst entry: the lowest score, and among equal scores the latest row. */
  private worse(scoreA: number, rowA: number, scoreB: number, rowB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && rowA > rowB);
  }

  private up(at: number, score: number, row: number): void {
    const { scores, rows } = this;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.worse(score, row, scores[parent]!, rows[parent]!)) break;
      scores[at] = scores[parent]!;
      rows[at] = rows[parent]!;
      at = parent;
    }
    scores[at] = score;
    rows[at] = row;
  }

  /** Replaces the root and sifts the new entry down. */
  private down(score: number, row: number): void {
    const { scores, rows, size } = this;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && this.worse(scores[child + 1]!, rows[child + 1]!, scores[child]!, rows[child]!)) child++;
      if (!this.worse(scores[child]!, rows[child]!, score, row)) break;
      scores[at] = scores[child]!;
      rows[at] = rows[child]!;
      at = child;
    }
    scores[at] = score;
    rows[at] = row;
  }
}
