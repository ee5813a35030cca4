/**
 * The poster's Fig. 8 ("Our proposed algorithm, Windowed Attention"), its attention-map panel: what the drawing
 * shows, written once as data (read off the poster PDF; the panel prints no numbers beside its axes).
 */

/** The structure the attention-map panel draws. */
export const POSTER_FIG8_MAP = {
  location: "poster Fig. 8, right panel (\"Attention map\", queries down, keys across, 0–197)",
  /** Diagonal bands of kept entries: the centre and one either side, a patch row (14 tokens) away. */
  bands: 3,
  /** Token offset between the side bands and the centre band, as drawn (one 14-patch row). */
  bandOffset: 14,
  /** The CLS row and column (token 0) are kept. */
  clsRowAndColumn: true,
  printed: "three diagonal bands and the CLS row and column (drawing, no printed numbers)",
} as const;
