/**
 * What a picture was asked to draw and cannot: an instance state in none of the forms a picture
 * reads (docs/graph.md), or one that does not fit the template, or a highlighted node the
 * template lacks. The message names the first thing amiss; nothing is drawn.
 *
 * @example
 * throw new PictureRefusedError("`edges` must be an array of { status }");
 */
export class PictureRefusedError extends Error {
  override readonly name = "Baton.PictureRefused";
}
