/**
 * The kit's public sources, each written once: the poster (its repository, commit and the sha256 of the PDF),
 * ViTCoD (paper, repository and the commits the kit read) and HeatViT (paper). Code and outputs cite a source
 * by the names and strings built here.
 */

/** The poster the kit reproduces, and where its PDF is published. */
export const POSTER = {
  title: "Data-aware Sparsity for ViT: Efficient Algorithm-HW Co-design with Windowed Attention",
  institution: "Kyung Hee University",
  /** The repository that publishes the poster PDF and the training code (`main.py`, `model_ours.py`). */
  repository: "github.com/yeonsik0710/custom_vit",
  commit: "fa4db9ba04c434118a7d6a880cc1cb8f451e733e",
  /** Path of the PDF inside the repository. */
  pdfPath: "img/졸업프로젝트-반도체전공트랙 발표 포스터_final.pdf",
  /** sha256 of the PDF's bytes (the copy in `../shared/reference/`, see its README). */
  pdfSha256: "3e7dcdc94027f3c9c288e8fa2ed7391ec77f72bcefe1492bb89ef1a2567e8774",
} as const;

/** `repository commit <sha>, <pdf path>`: where the poster PDF lives. */
export const POSTER_PDF_LOCATION = `${POSTER.repository} commit ${POSTER.commit}, ${POSTER.pdfPath}`;

/** `poster "<title>" (<institution>)`: the poster as the kit cites it, followed by a location if given. */
export function posterCitation(location?: string): string {
  const base = `poster "${POSTER.title}" (${POSTER.institution})`;
  return location === undefined ? base : `${base}, ${location}`;
}

/** ViTCoD (HPCA 2023): the paper, its repository and the commits the kit read. */
export const VITCOD = {
  /** Short citation of the paper. */
  paper: "ViTCoD (H. You et al., HPCA 2023)",
  arxiv: "2210.09573",
  /** GitHub `owner/name`. */
  repository: "GATECH-EIC/ViTCoD",
  /**
   * The one commit the kit reads: the reference data it imports (masks, simulator logs, TX2 profile) and the
   * project page (the repository's README.md) it quotes. The README's "Why We Consider ViTCoD Given NLP
   * Transformer Accelerators?" paragraph (the "<=1.5% under 90% pruning ratio" and ">=50%" quotes) first
   * appears at 13d9af1 (2023-01-15) and is unchanged from there to this commit, so one record serves both.
   */
  commit: "b2f7fb547adc6093f2500cdc29cc95f966ec7419",
} as const;

/** Every ViTCoD commit the kit may cite (a test checks that lib/ and data/ provenance cite no other). */
export const VITCOD_COMMITS: readonly string[] = [VITCOD.commit];

/** ViTCoD's project page as the kit cites it: the README at the pinned commit. */
export const VITCOD_PROJECT_PAGE = `README.md of github.com/${VITCOD.repository} at commit ${VITCOD.commit}`;

/** HeatViT (HPCA 2023): the paper. */
export const HEATVIT = {
  paper: "HeatViT (Dong et al., HPCA 2023)",
  arxiv: "2211.08110",
} as const;
