/**
 * Adam (Kingma & Ba) over a model's variables, with its state held as plain tensors so that a
 * checkpoint can store and restore it exactly, and a learning-rate schedule supplied per step.
 */
import * as tf from "@tensorflow/tfjs";

/** Adam hyper-parameters. */
export interface AdamConfig {
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Default Adam hyper-parameters (β1 0.9, β2 0.999, ε 1e-8). */
export const ADAM_DEFAULTS: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Adam state: first and second moments per variable name, and the number of steps taken. */
export interface AdamState {
  step: number;
  m: Map<string, tf.Variable>;
  v: Map<string, tf.Variable>;
}

/** Zero Adam state for `vars`. */
export function createAdamState(vars: Map<string, tf.Variable>): AdamState {
  const m = new Map<string, tf.Variable>();
  const v = new Map<string, tf.Variable>();
  for (const [name, x] of vars) {
    m.set(name, tf.variable(tf.zerosLike(x), false));
    v.set(name, tf.variable(tf.zerosLike(x), false));
  }
  return { step: 0, m, v };
}

/** Applies one Adam update with learning rate `lr` to `vars` from `grads` (by variable name). */
export function adamStep(
  vars: Map<string, tf.Variable>,
  grads: Map<string, tf.Tensor>,
  state: AdamState,
  lr: number,
  cfg: AdamConfig = ADAM_DEFAULTS,
): void {
  state.step += 1;
  const t = state.step;
  const c1 = 1 - cfg.beta1 ** t;
  const c2 = 1 - cfg.beta2 ** t;
  const stepSize = (lr * Math.sqrt(c2)) / c1;
  tf.tidy(() => {
    for (const [name, x] of vars) {
      const g = grads.get(name);
      if (!g) continue;
      const m = state.m.get(name)!;
      const v = state.v.get(name)!;
      const m1 = tf.add(tf.mul(m, cfg.beta1), tf.mul(g, 1 - cfg.beta1));
      const v1 = tf.add(tf.mul(v, cfg.beta2), tf.mul(tf.square(g), 1 - cfg.beta2));
      m.assign(m1);
      v.assign(v1);
      x.assign(tf.sub(x, tf.div(tf.mul(m1, stepSize), tf.add(tf.sqrt(v1), cfg.epsilon * Math.sqrt(c2)))));
    }
  });
}

/** Frees the state's tensors. */
export function disposeAdamState(state: AdamState): void {
  for (const t of state.m.values()) t.dispose();
  for (const t of state.v.values()) t.dispose();
}

/** Learning rate at `step` (0-based) of `total`: linear warm-up over `warmup` steps, then cosine decay to 0. */
export function warmupCosine(step: number, total: number, peak: number, warmup: number): number {
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const p = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return 0.5 * peak * (1 + Math.cos(Math.PI * p));
}
