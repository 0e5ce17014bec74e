/**
 * Scales 2 and 3 come from the ×4 model's output taken down with Lanczos: sharper than running the
 * network on a smaller image, and one model serves every scale.
 */
export function downscaleFilter(width: number, height: number, modelScale: number, outputScale: number): string | null {
  if (outputScale === modelScale) return null;
  return `scale=${width * outputScale}:${height * outputScale}:flags=lanczos+accurate_rnd+full_chroma_int`;
}
