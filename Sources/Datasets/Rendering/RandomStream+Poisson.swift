internal import Foundation
internal import RandomStreams

extension RandomStream {
    /// A Poisson variate with mean `mean`, for photon counts.
    ///
    /// Below a mean of 30, Knuth's product of uniforms: multiply `nextDouble()` draws until the
    /// product falls below `exp(−mean)`; the count is the number of draws minus one. From 30 up, the
    /// normal approximation `max(0, round(mean + √mean · nextNormal()))` (two words), whose error is
    /// far below the detector noise added after it.
    mutating func nextPoisson(mean: Double) -> Double {
        precondition(mean >= 0 && mean.isFinite, "poisson mean must be finite and >= 0, got \(mean)")
        if mean == 0 { return 0 }
        if mean >= 30 {
            return max(0, (mean + mean.squareRoot() * nextNormal()).rounded())
        }
        let limit = exp(-mean)
        var product = nextDouble()
        var count = 0.0
        while product > limit {
            product *= nextDouble()
            count += 1
        }
        return count
    }
}
