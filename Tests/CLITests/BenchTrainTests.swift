import CanonicalJSON
import TestSupport
import Testing

/// `msdb bench train` end to end, as a smoke test: the figures exist and are positive; their size is
/// never asserted.
@Suite struct BenchTrainTests {
    @Test func benchTrainWithOneThreadPrintsOneJSONObjectWithPositiveFigures() throws {
        let outcome = try MSDBProcess.run([
            "bench", "train", "--threads", "1", "--json", "--steps", "1", "--warmup-steps", "0",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try JSONParser.parse(outcome.stdout)
        #expect(result["threads"] == .integer(1))
        #expect(result["parameters"] == .integer(482_449))
        for key in ["train_images_per_s", "infer_images_per_s", "train_gflops", "peak_rss_mib"] {
            let value = try #require(result[key]?.doubleValue, "missing \(key) in \(outcome.stdout)")
            #expect(value > 0, "\(key) = \(value)")
        }
    }

    /// At 2 threads the parallel shares are there and are shares (the figures' sizes are not asserted);
    /// at 1 thread they are absent.
    @Test func benchTrainWithTwoThreadsReportsHowBusyTheThreadsWere() throws {
        let outcome = try MSDBProcess.run([
            "bench", "train", "--threads", "2", "--json", "--steps", "1", "--warmup-steps", "0",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try JSONParser.parse(outcome.stdout)
        for key in ["train_parallel_share", "train_parallel_busy_share"] {
            let value = try #require(result[key]?.doubleValue, "missing \(key) in \(outcome.stdout)")
            #expect(value > 0 && value <= 1, "\(key) = \(value)")
        }
        let single = try MSDBProcess.run([
            "bench", "train", "--threads", "1", "--json", "--steps", "1", "--warmup-steps", "0",
        ])
        #expect(try JSONParser.parse(single.stdout)["train_parallel_share"] == nil)
    }
}
