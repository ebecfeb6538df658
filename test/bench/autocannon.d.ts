// Minimal types for the part of autocannon the benchmarks use (the package ships none).
declare module 'autocannon' {
  export interface Histogram { total: number; average: number; mean: number; p50: number; p90: number; p99: number; max: number }
  export interface Result { requests: Histogram; latency: Histogram; throughput: Histogram; errors: number; timeouts: number; non2xx: number; duration: number }
  export interface Options { url: string; method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number; amount?: number; pipelining?: number;
    /** Requests per second over all connections together. */
    overallRate?: number;
    requests?: { method?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }[] }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
