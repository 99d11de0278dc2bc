/// Binary morphology with the 3×3 square (8-neighbourhood) structuring element.
///
/// Pixels outside the image never change a result: dilation treats them as background and
/// erosion as foreground (scikit-image's `binary_dilation`/`binary_erosion` with a 3×3 square
/// footprint, and OpenCV's default morphology border, behave the same way).
extension Mask {
    /// One step of a morphology recipe.
    public enum MorphologyStep: String, Sendable, CaseIterable {
        case dilate
        case erode
    }

    /// The 3×3 dilation, applied `iterations` times: a pixel is foreground when any pixel of its
    /// 3×3 neighbourhood inside the image is.
    public func dilated(iterations: Int = 1) -> Mask {
        applying(Array(repeating: .dilate, count: iterations))
    }

    /// The 3×3 erosion, applied `iterations` times: a pixel stays foreground when every pixel of
    /// its 3×3 neighbourhood inside the image is.
    public func eroded(iterations: Int = 1) -> Mask {
        applying(Array(repeating: .erode, count: iterations))
    }

    /// Opening (erosion, then dilation).
    public func opened() -> Mask { applying([.erode, .dilate]) }

    /// Closing (dilation, then erosion).
    public func closed() -> Mask { applying([.dilate, .erode]) }

    /// Applies the steps in order (e.g. `[.dilate, .dilate, .erode]`).
    public func applying(_ steps: [MorphologyStep]) -> Mask {
        var result = self
        for step in steps {
            result = result.step(step)
        }
        return result
    }

    /// One dilation or erosion: separable, as the square is a product of two 3-pixel lines; each
    /// 1-D pass looks only at neighbours inside the image.
    private func step(_ step: MorphologyStep) -> Mask {
        let dilate = step == .dilate
        var rows = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            let base = y * width
            for x in 0..<width {
                var value = pixels[base + x]
                if x > 0 {
                    value = dilate ? max(value, pixels[base + x - 1]) : min(value, pixels[base + x - 1])
                }
                if x + 1 < width {
                    value = dilate ? max(value, pixels[base + x + 1]) : min(value, pixels[base + x + 1])
                }
                rows[base + x] = value
            }
        }
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                var value = rows[index]
                if y > 0 {
                    value = dilate ? max(value, rows[index - width]) : min(value, rows[index - width])
                }
                if y + 1 < height {
                    value = dilate ? max(value, rows[index + width]) : min(value, rows[index + width])
                }
                out[index] = value
            }
        }
        return Mask(width: width, height: height, pixels: out)
    }
}
