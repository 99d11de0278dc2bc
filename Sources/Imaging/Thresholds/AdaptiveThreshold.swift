internal import Foundation

/// OpenCV's adaptive Gaussian threshold, `cv2.adaptiveThreshold(src, 255,
/// ADAPTIVE_THRESH_GAUSSIAN_C, THRESH_BINARY, blockSize, C)`, on 8-bit gray input.
///
/// The local mean is a `blockSize × blockSize` Gaussian blur of the image in 32-bit floats with
/// replicated border; its σ is OpenCV's default `0.3 · ((blockSize − 1) / 2 − 1) + 0.8`, except
/// that for blockSize 3, 5, 7 and 9 OpenCV uses fixed kernels instead of sampling the Gaussian:
/// (1 2 1)/4, (1 4 6 4 1)/16, (1 3.5 7 9 7 3.5 1)/32 and (1 3.25 7.5 12.75 15 12.75 7.5 3.25 1)/64
/// (`cv2.getGaussianKernel(b, 0)` shows them). The design note's σ formula alone is therefore not
/// what OpenCV computes for blocks up to 9. The mean is rounded to the nearest
/// byte (ties to even) and a pixel is foreground when `src > mean − ⌈C⌉` (OpenCV compares
/// integers, so a fractional C acts as its ceiling).
public struct AdaptiveThreshold: Sendable {
    public let blockSize: Int
    public let offset: Double

    /// `blockSize` must be odd and at least 3; `offset` is OpenCV's `C`.
    public init(blockSize: Int, offset: Double) throws {
        guard blockSize >= 3, blockSize % 2 == 1 else {
            throw ImagingError.invalidContent(
                reason: "adaptive threshold block size must be odd and >= 3, got \(blockSize)")
        }
        guard offset.isFinite else {
            throw ImagingError.invalidContent(
                reason: "adaptive threshold offset must be finite, got \(offset)")
        }
        self.blockSize = blockSize
        self.offset = offset
    }

    /// The 1-D smoothing kernel, in 32-bit floats, summing to 1.
    public var kernel: [Float] {
        switch blockSize {
        case 3: return [0.25, 0.5, 0.25]
        case 5: return [0.0625, 0.25, 0.375, 0.25, 0.0625]
        case 7: return [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125]
        case 9: return [1, 3.25, 7.5, 12.75, 15, 12.75, 7.5, 3.25, 1].map { $0 / 64 }
        default:
            let sigma = 0.3 * (Double(blockSize - 1) * 0.5 - 1) + 0.8
            let taps = (0..<blockSize).map { index -> Double in
                let x = Double(index) - Double(blockSize - 1) / 2
                return exp(-x * x / (2 * sigma * sigma))
            }
            let sum = taps.reduce(0, +)
            return taps.map { Float($0 / sum) }
        }
    }

    /// The foreground of an 8-bit single-channel image.
    public func foreground(_ image: Image) throws -> Mask {
        let gray = try image.requireGray("adaptive threshold")
        guard image.bitDepth == .eight else {
            throw ImagingError.invalidContent(reason: "adaptive threshold needs an 8-bit image, got 16-bit")
        }
        let mean = localMean(gray, width: image.width, height: image.height)
        let delta = Int(offset.rounded(.up))
        var pixels = [UInt8](repeating: 0, count: gray.count)
        for index in 0..<gray.count where Int(gray[index]) - Int(mean[index]) > -delta {
            pixels[index] = 1
        }
        return Mask(width: image.width, height: image.height, pixels: pixels)
    }

    /// The rounded Gaussian local mean, one byte per pixel.
    public func localMean(_ gray: [UInt16], width: Int, height: Int) -> [UInt8] {
        let taps = kernel
        let radius = blockSize / 2
        let paddedWidth = width + 2 * radius
        let paddedHeight = height + 2 * radius
        var padded = [Float](repeating: 0, count: paddedWidth * paddedHeight)
        for y in 0..<paddedHeight {
            let sourceY = min(max(y - radius, 0), height - 1)
            for x in 0..<paddedWidth {
                let sourceX = min(max(x - radius, 0), width - 1)
                padded[y * paddedWidth + x] = Float(gray[sourceY * width + sourceX])
            }
        }
        var rows = [Float](repeating: 0, count: paddedHeight * width)
        for y in 0..<paddedHeight {
            for x in 0..<width {
                var sum: Float = 0
                for tap in 0..<blockSize {
                    sum += taps[tap] * padded[y * paddedWidth + x + tap]
                }
                rows[y * width + x] = sum
            }
        }
        var mean = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for tap in 0..<blockSize {
                    sum += taps[tap] * rows[(y + tap) * width + x]
                }
                mean[y * width + x] = UInt8(min(max(sum.rounded(.toNearestOrEven), 0), 255))
            }
        }
        return mean
    }
}
