// Minimal types for the part of autocannon the benchmarks use (the package ships none).
declare module 'autocannon' {
  interface Histogram { average: number; mean: number; p50: number; p90: number; p99: number; max: number }
  interface Result { requests: Histogram; latency: Histogram; throughput: Histogram; errors: number; timeouts: number; non2xx: number }
  interface Options { url: string; method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number; amount?: number; pipelining?: number }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
