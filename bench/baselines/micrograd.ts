/**
 * A micrograd-style scalar engine, as a baseline: every operation allocates a
 * Value with its own `_backward` closure that adds local derivative × out.grad
 * into its inputs, and `backward()` topologically sorts the graph reachable from
 * the output, then runs the closures in reverse. Modelled on karpathy/micrograd's
 * engine.py (our own code), with two changes so it survives the big cases: the
 * children are an array rather than a set, and the topological sort is iterative
 * (micrograd's recursive build_topo overflows the stack on a sum of 10⁴ terms).
 * The graph is rebuilt on every call, as micrograd does.
 */
const noop = (): void => {};

export class Value {
  data: number;
  grad = 0;
  _backward: () => void = noop;
  readonly _prev: readonly Value[];

  constructor(data: number, children: readonly Value[] = []) {
    this.data = data;
    this._prev = children;
  }

  add(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + o.data, [this, o]);
    out._backward = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * o.data, [this, o]);
    out._backward = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  /** this^k for a constant exponent k. */
  pow(k: number): Value {
    const out = new Value(this.data ** k, [this]);
    out._backward = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this]);
    out._backward = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  log(): Value {
    const out = new Value(Math.log(this.data), [this]);
    out._backward = () => {
      this.grad += out.grad / this.data;
    };
    return out;
  }

  tanh(): Value {
    const out = new Value(Math.tanh(this.data), [this]);
    out._backward = () => {
      this.grad += (1 - out.data * out.data) * out.grad;
    };
    return out;
  }

  sin(): Value {
    const out = new Value(Math.sin(this.data), [this]);
    out._backward = () => {
      this.grad += Math.cos(this.data) * out.grad;
    };
    return out;
  }

  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Value | number): Value {
    return this.add(other instanceof Value ? other.neg() : -other);
  }

  div(other: Value | number): Value {
    return this.mul(other instanceof Value ? other.pow(-1) : 1 / other);
  }

  backward(): void {
    const topo: Value[] = [];
    const visited = new Set<Value>();
    const stack: Value[] = [this];
    const next: number[] = [0];
    visited.add(this);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const v = stack[top];
      if (next[top] < v._prev.length) {
        const child = v._prev[next[top]++];
        if (!visited.has(child)) {
          visited.add(child);
          stack.push(child);
          next.push(0);
        }
      } else {
        topo.push(v);
        stack.pop();
        next.pop();
      }
    }
    this.grad = 1;
    for (let i = topo.length - 1; i >= 0; i--) topo[i]._backward();
  }
}

/** Σ values, as micrograd's Python `sum`: a chain of additions. */
export function total(values: readonly Value[]): Value {
  let s = values[0];
  for (let i = 1; i < values.length; i++) s = s.add(values[i]);
  return s;
}
