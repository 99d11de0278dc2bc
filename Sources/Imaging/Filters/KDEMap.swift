/// Kernel density maps of a mask's foreground (the paper's Figure 6).
public enum KDEMap {
    /// The density of foreground pixels under a Gaussian kernel of bandwidth `bandwidth` (pixels):
    /// the mask is smoothed by separable convolution with zero border (no mass outside the image),
    /// then divided by its total so the map sums to 1. Equivalent to summing a Gaussian bump per
    /// foreground pixel, without looping over pairs. An empty mask has no density and throws.
    public static func density(of mask: Mask, bandwidth: Double, truncate: Double = 4) throws -> Plane {
        guard bandwidth > 0, bandwidth.isFinite else {
            throw ImagingError.invalidContent(reason: "kde bandwidth must be positive, got \(bandwidth)")
        }
        guard mask.foregroundCount > 0 else {
            throw ImagingError.invalidContent(reason: "kde of an empty mask (no foreground pixels)")
        }
        let plane = Plane(width: mask.width, height: mask.height, values: mask.pixels.map { Double($0) })
        var smoothed = GaussianBlur(sigma: bandwidth, truncate: truncate, border: .zero).apply(plane)
        let total = smoothed.values.reduce(0, +)
        smoothed.values = smoothed.values.map { $0 / total }
        return smoothed
    }
}
