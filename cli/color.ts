// Whether to colour what goes to a stream: Node decides (util.styleText honours NO_COLOR,
// FORCE_COLOR, NODE_DISABLE_COLORS and whether the stream is a terminal).
import * as util from "node:util";

export function colorFor(stream: NodeJS.WriteStream): boolean {
  const styleText = (util as { styleText?: typeof util.styleText }).styleText;
  if (!styleText) return false;
  try {
    return styleText("red", "x", { stream } as never) !== "x";
  } catch {
    return false;
  }
}
