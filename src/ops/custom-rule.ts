import type { VariadicPrimitive } from './primitive.js';

/**
 * The node of a function with its own derivative rule (see ad/custom-rules.ts):
 * operands [v, p₁ … pₙ, x₁ … xₙ], where v is the function's value and pₖ its
 * partial ∂y/∂xₖ by the user's rule, both behind stopGradient (inactive: no
 * derivative flows into the graphs that compute them), and xₖ are the
 * arguments. y = v; ∂y/∂xₖ = pₖ, read from its operand — so every sweep and
 * both compiled backends use the user's rule, and derivative graphs (which
 * take pₖ's own graph, see gradient-nodes.ts) differentiate it again.
 */
export const customRulePrimitive: VariadicPrimitive = {
  name: 'customRule',
  arity: 'n',
  evaluate: (x) => x[0],
  emit: (x) => `(${x[0]})`,
  partial: (A, i, x) => {
    const n = (x.length - 1) / 2;
    // the value and the partials are inactive: their partial is never used
    return i <= n ? A.constant(0) : x[i - n];
  },
};
