// The analyser's one walk over the syntax tree, with an explicit stack instead of recursion:
// generated or hostile input nests expressions thousands deep (a 2,500-term `"a" + "b" + …`),
// which overflows any recursive walk long before TypeScript's parser gives up.
import ts from "typescript";

export interface Visitor<C> {
  /** Called before the node's children; return false to skip them (and the node's leave). */
  enter?(node: ts.Node, ctx: C): void | false;
  leave?(node: ts.Node, ctx: C): void;
}

export type Visitors<C> = Partial<Record<ts.SyntaxKind, Visitor<C>>>;

export interface WalkLimits {
  /** deepest nesting allowed, counted as V8's parser recurses on the output: a chain of
   * binary operators costs nothing (parsed in a loop), an `await` two (`(yield (…))`) */
  maxDepth: number;
  /** called once, for the first node past maxDepth; its subtree is not walked */
  tooDeep(node: ts.Node): void;
}

const LEAVE = -1;

export function walk<C>(root: ts.Node, visitors: Visitors<C>, ctx: C, limits?: WalkLimits): void {
  // Parallel stacks: a node and its depth; a leave marker has depth LEAVE.
  const nodes: ts.Node[] = [root];
  const depths: number[] = [0];
  const children: ts.Node[] = [];
  const collect = (n: ts.Node) => {
    children.push(n);
  };
  let reported = false;
  while (nodes.length) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth === LEAVE) {
      visitors[node.kind]?.leave?.(node, ctx);
      continue;
    }
    if (limits && depth > limits.maxDepth) {
      if (!reported) limits.tooDeep(node);
      reported = true;
      continue;
    }
    const v = visitors[node.kind];
    if (v?.enter?.(node, ctx) === false) continue;
    if (v?.leave) {
      nodes.push(node);
      depths.push(LEAVE);
    }
    const childDepth = depth + (node.kind === ts.SyntaxKind.BinaryExpression ? 0 : node.kind === ts.SyntaxKind.AwaitExpression ? 2 : 1);
    ts.forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) {
      nodes.push(children[i]);
      depths.push(childDepth);
    }
    children.length = 0;
  }
}
