internal import Foundation
internal import Imaging
internal import RandomStreams

/// Turns a drawn intensity plane into a 16-bit fluorescence micrograph.
///
/// Steps, per pixel: `expected = background · (1 + unevenness · (field − 0.5) · 2) + signal · blur(drawn)`
/// photons, the blur being a Gaussian PSF of `psfSigma` pixels; the count is Poisson of that mean;
/// then Gaussian read noise of `readNoise` counts is added; the value is `offset + gain · count`,
/// rounded and clamped to `0…65535`. `field` is a `SmoothField` of `fieldCells` cells.
public struct Microscope: Sendable, Equatable {
    /// Photons per pixel of the mean background.
    public var background: Double
    /// The relative swing of the background (0 flat, 1 from zero to twice the mean).
    public var unevenness: Double
    /// Coarse cells of the illumination field across the image.
    public var fieldCells: Int
    /// Photons per pixel at full brightness on a structure.
    public var signal: Double
    /// The PSF's standard deviation in pixels.
    public var psfSigma: Double
    /// Read noise in counts (standard deviation).
    public var readNoise: Double
    /// Camera counts per photon.
    public var gain: Double
    /// Camera offset in counts.
    public var offset: Double

    public init(
        background: Double, unevenness: Double, fieldCells: Int, signal: Double, psfSigma: Double,
        readNoise: Double, gain: Double, offset: Double
    ) {
        self.background = background
        self.unevenness = unevenness
        self.fieldCells = fieldCells
        self.signal = signal
        self.psfSigma = psfSigma
        self.readNoise = readNoise
        self.gain = gain
        self.offset = offset
    }

    /// The micrograph of `drawn`; draws the field from `stream.substream("field")` and the noise
    /// from `stream.substream("noise")`, so the two never shift each other.
    func image(of drawn: Plane, stream: RandomStream) -> Image {
        let blurred = GaussianBlur(sigma: psfSigma, border: .zero).apply(drawn)
        var fieldStream = stream.substream("field")
        let field = SmoothField.make(
            width: drawn.width, height: drawn.height, cells: fieldCells, stream: &fieldStream)
        var noise = stream.substream("noise")
        var samples = [UInt16](repeating: 0, count: drawn.values.count)
        for index in samples.indices {
            let light = background * (1 + unevenness * (field.values[index] - 0.5) * 2)
            let expected = max(light, 0) + signal * blurred.values[index]
            let photons = noise.nextPoisson(mean: expected)
            let counts = offset + gain * photons + readNoise * noise.nextNormal()
            samples[index] = UInt16(min(max(counts.rounded(), 0), 65535))
        }
        return Image(
            width: drawn.width, height: drawn.height, channels: 1, bitDepth: .sixteen, samples: samples)
    }
}
